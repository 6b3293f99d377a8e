using Casparian.Protocol.Messages;

namespace Casparian.Worker.Execution;

/// <summary>Everything a runtime needs to run one job: the DISPATCH as received and a way to report progress.</summary>
public sealed record JobContext(ulong JobId, DispatchMessage Dispatch, IProgress<ProgressMessage>? Progress = null)
{
    /// <summary>The lease this run belongs to; echoed in every message about the job.</summary>
    public int Attempt => Dispatch.Attempt;
}
