using Casparian.Broker.Store;
using Casparian.Protocol.Messages;

namespace Casparian.Broker.Sentinel;

/// <summary>Turns a leased job into the DISPATCH its worker runs.</summary>
public static class DispatchComposer
{
    /// <summary>The DISPATCH of <paramref name="job"/>; its attempt number is the store's lease count.</summary>
    public static DispatchMessage Compose(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        // The job's plugin reference is NAME[@VERSION]; a NAME of the form RUNTIME:PLUGIN names its runtime.
        var at = job.Plugin.LastIndexOf('@');
        var name = at > 0 ? job.Plugin[..at] : job.Plugin;
        var version = at > 0 ? job.Plugin[(at + 1)..] : "0";
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var runtime = colon > 0 ? name[..colon] : "native_exec";
        return new DispatchMessage
        {
            Attempt = Math.Max(1, job.Attempts),
            InputPath = $"blake3:{job.SourceHash}",
            SourceHash = job.SourceHash,
            Plugin = new PluginRef { Name = name, Version = version, ArtifactHash = "", RuntimeKind = runtime },
            Outputs = [new ExpectedOutput { Name = "output", Table = "output", SinkUri = "", SchemaHash = "", OutputTargetKey = "", MaterializationKey = job.MaterializationKey }],
        };
    }
}
