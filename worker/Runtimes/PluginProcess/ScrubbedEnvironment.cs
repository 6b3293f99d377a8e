using System.Globalization;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>
/// The environment a plugin runs with: exactly the variables of the plugin spec and nothing inherited from the worker
/// (no credentials, tokens or proxies): <c>PATH</c>, <c>LANG</c>, <c>HOME</c> and <c>TMPDIR</c> (the job's scratch
/// directory), <c>CASPARIAN_JOB_ID</c>, <c>CASPARIAN_PROTOCOL_VERSION</c> and <c>CASPARIAN_BUNDLE</c>.
/// </summary>
public static class ScrubbedEnvironment
{
    /// <summary>The plugin protocol version the host speaks.</summary>
    public const int ProtocolVersion = 1;

    public static IReadOnlyDictionary<string, string> For(ulong jobId, string scratchDirectory, string bundleDirectory, IReadOnlyDictionary<string, string> extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["LANG"] = "C.UTF-8",
            ["HOME"] = scratchDirectory,
            ["TMPDIR"] = scratchDirectory,
            ["CASPARIAN_JOB_ID"] = jobId.ToString(CultureInfo.InvariantCulture),
            ["CASPARIAN_PROTOCOL_VERSION"] = ProtocolVersion.ToString(CultureInfo.InvariantCulture),
            ["CASPARIAN_BUNDLE"] = bundleDirectory,
        };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }
        return environment;
    }
}
