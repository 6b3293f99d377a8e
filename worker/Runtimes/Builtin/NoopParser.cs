using Casparian.Protocol.Messages;
using Casparian.Worker.Execution;

namespace Casparian.Worker.Runtimes.Builtin;

/// <summary>
/// <c>builtin:noop</c>: reads nothing and writes nothing, and returns a receipt for every expected output. It measures
/// the broker alone (dispatch, receipts, state changes) without any parsing cost.
/// </summary>
public sealed class NoopParser : IBuiltinParser
{
    public string Name => "noop";

    public Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        cancellationToken.ThrowIfCancellationRequested();
        var receipts = new OutputReceipt[job.Dispatch.Outputs.Count];
        for (var i = 0; i < receipts.Length; i++)
        {
            var expected = job.Dispatch.Outputs[i];
            receipts[i] = new OutputReceipt { Name = expected.Name, OutputTargetKey = expected.OutputTargetKey, MaterializationKey = expected.MaterializationKey };
        }
        return Task.FromResult(new JobOutcome(job.Dispatch.SourceHash, receipts));
    }
}
