using Casparian.Protocol.Plugins;
using Casparian.Worker.Execution;
using Casparian.Worker.Parsers;
using Casparian.Worker.Runtimes.NativeExec;
using Casparian.Worker.Runtimes.PluginProcess;
using Microsoft.Extensions.Logging;

namespace Casparian.Worker.Runtimes.PythonShim;

/// <summary>
/// <c>python_shim</c>: runs a Python plugin module through the standard-library shim that ships with the worker
/// (<c>python_shim/casparian_shim.py</c>), as <c>PYTHON -I -X utf8 SHIM ENTRYPOINT INPUT_PATH</c>, under the same
/// subprocess protocol host as <c>native_exec</c>. PYTHON is the plugin's isolated environment when its bundle has a
/// lockfile (see <see cref="PythonEnvironments"/>), else the base interpreter.
/// </summary>
public sealed class PythonShimRuntime(PluginHostOptions options, IJobOutputsFactory outputs, PythonEnvironments environments, ILogger? logger = null) : IPluginRuntime
{
    /// <summary>The shim, relative to the worker's folder.</summary>
    public const string ShimRelativePath = "python_shim/casparian_shim.py";

    private readonly PluginProcessHost _host = new(options, outputs, logger);

    public string Kind => "python_shim";

    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var plugin = job.Dispatch.Plugin;
        // The same confinement as native_exec: the module must be a file inside the bundle, links out refused.
        var entrypoint = EntrypointResolver.Resolve(plugin.BundlePath, plugin.Entrypoint);
        var bundle = Path.GetFullPath(plugin.BundlePath!);
        var shim = Path.Combine(AppContext.BaseDirectory, ShimRelativePath);
        if (!File.Exists(shim))
        {
            throw new JobFailedException(FailureKind.Permanent, "runtime.shim_missing",
                $"the python shim is missing at {shim}; reinstall the worker (the build copies python_shim/ next to it)");
        }
        string python;
        try
        {
            python = await environments.ResolveAsync(bundle, LockfileOf(bundle), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PythonEnvironmentException or PluginBundleException)
        {
            throw new JobFailedException(FailureKind.Permanent, "runtime.python_environment", ex.Message, ex);
        }
        var spec = new PluginProcessSpec(python, ["-I", "-X", "utf8", shim, entrypoint, job.Dispatch.InputPath], bundle);
        return await _host.RunAsync(job, spec, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The manifest's <c>lockfile</c>, read per job: only the manifest, not the whole bundle.</summary>
    private static string? LockfileOf(string bundle)
    {
        var manifest = Path.Combine(bundle, PluginBundle.ManifestFile);
        if (!File.Exists(manifest))
        {
            throw new PluginBundleException($"'{bundle}' has no {PluginBundle.ManifestFile}; publish the plugin as a bundle");
        }
        return TomlSubset.Parse(File.ReadAllText(manifest), manifest).TryGetValue("lockfile", out var value) ? value as string : null;
    }
}
