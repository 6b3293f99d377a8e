using Casparian.Worker.Execution;
using Casparian.Worker.Parsers;
using Casparian.Worker.Runtimes.PluginProcess;
using Microsoft.Extensions.Logging;

namespace Casparian.Worker.Runtimes.NativeExec;

/// <summary>
/// <c>native_exec</c>: runs a plugin executable as <c>ENTRYPOINT INPUT_PATH</c>, the entrypoint confined to the plugin's
/// bundle, under the subprocess protocol of DESIGN §6 (<see cref="PluginProcessHost"/>): scrubbed environment, own process
/// group killed as a whole on cancellation or violation, Arrow streams on stdout into the job's outputs.
/// </summary>
public sealed class NativeExecRuntime(NativeExecOptions options, IJobOutputsFactory outputs, ILogger? logger = null) : IPluginRuntime
{
    private readonly PluginProcessHost _host = new(options, outputs, logger);

    public string Kind => "native_exec";

    public Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var plugin = job.Dispatch.Plugin;
        var entrypoint = EntrypointResolver.Resolve(plugin.BundlePath, plugin.Entrypoint);
        var spec = new PluginProcessSpec(entrypoint, [job.Dispatch.InputPath], Path.GetFullPath(plugin.BundlePath!));
        return _host.RunAsync(job, spec, cancellationToken);
    }
}
