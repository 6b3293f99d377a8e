using System.Globalization;
using Casparian.Protocol.Messages;
using Casparian.Worker.Execution;

namespace Casparian.Worker.Runtimes.Builtin;

/// <summary>
/// <c>builtin:sleep</c>: a diagnostic plugin that holds a slot for the milliseconds given in its plugin version
/// (e.g. version <c>250</c>) and then behaves like <c>builtin:noop</c>. It honours cancellation, so it exercises
/// heartbeats, lost-worker requeue and ABORT without any parsing.
/// </summary>
public sealed class SleepParser : IBuiltinParser
{
    public string Name => "sleep";

    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var milliseconds = int.TryParse(job.Dispatch.Plugin.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 1000;
        await Task.Delay(milliseconds, cancellationToken).ConfigureAwait(false);
        var receipts = job.Dispatch.Outputs
            .Select(o => new OutputReceipt { Name = o.Name, OutputTargetKey = o.OutputTargetKey, MaterializationKey = o.MaterializationKey })
            .ToArray();
        return new JobOutcome(job.Dispatch.SourceHash, receipts);
    }
}
