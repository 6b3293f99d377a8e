namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>
/// What to start for one job: <paramref name="FileName"/> with <paramref name="Arguments"/> (for <c>native_exec</c> the
/// confined entrypoint and the input path; for <c>python_shim</c> the interpreter, the shim, the entrypoint and the
/// input path). <paramref name="BundleDirectory"/> is exported to the plugin as <c>CASPARIAN_BUNDLE</c>.
/// </summary>
public sealed record PluginProcessSpec(string FileName, IReadOnlyList<string> Arguments, string BundleDirectory);
