using Casparian.Worker.Execution;
using Casparian.Worker.Parsers;

namespace Casparian.Cli.Hosting;

/// <summary>
/// The job outputs of <c>casparian worker</c> until the sinks are wired into it: a plugin that starts writing a table
/// fails its job with <c>outputs.not_configured</c>, rather than its rows being dropped and the job reported done.
/// </summary>
internal sealed class NoSinkOutputs : IJobOutputsFactory
{
    public IJobOutputs Create(JobContext job) =>
        throw new JobFailedException(FailureKind.Permanent, "outputs.not_configured",
            "this worker has no sinks for plugin outputs yet; run the job on a worker built with the sink wiring");
}
