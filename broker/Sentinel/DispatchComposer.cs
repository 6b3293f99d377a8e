using System.Text.Json;
using Casparian.Broker.Store;
using Casparian.Protocol.Messages;

namespace Casparian.Broker.Sentinel;

/// <summary>Turns a leased job into the DISPATCH its worker runs.</summary>
public static class DispatchComposer
{
    /// <summary>
    /// The DISPATCH of <paramref name="job"/>, from its <see cref="JobSpec"/> payload; its attempt number is the store's
    /// lease count. A job without payload names a diagnostic plugin as <c>RUNTIME:NAME[@VERSION]</c> (e.g.
    /// <c>builtin:noop</c>) and gets one output keyed by its materialization key.
    /// </summary>
    /// <exception cref="InvalidDataException">The payload is not a valid job spec; the job cannot run as it is.</exception>
    public static DispatchMessage Compose(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var attempt = Math.Max(1, job.Attempts);
        if (job.Payload is { } payload)
        {
            JobSpec spec;
            try
            {
                spec = JobSpec.FromJson(payload);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"job {job.Id} has a malformed payload ({ex.Message}); re-enqueue it with a valid job spec", ex);
            }
            return new DispatchMessage
            {
                Attempt = attempt,
                InputPath = spec.InputPath,
                SourceHash = job.SourceHash,
                FileVersionId = spec.FileVersionId,
                Plugin = spec.Plugin,
                Outputs = spec.Outputs,
                Limits = spec.Limits,
            };
        }
        var at = job.Plugin.LastIndexOf('@');
        var name = at > 0 ? job.Plugin[..at] : job.Plugin;
        var version = at > 0 ? job.Plugin[(at + 1)..] : "0";
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var runtime = colon > 0 ? name[..colon] : "native_exec";
        return new DispatchMessage
        {
            Attempt = attempt,
            InputPath = $"blake3:{job.SourceHash}",
            SourceHash = job.SourceHash,
            Plugin = new PluginRef { Name = name, Version = version, ArtifactHash = "", RuntimeKind = runtime },
            Outputs = [new ExpectedOutput { Name = "output", Table = "output", SinkUri = "", SchemaHash = "", OutputTargetKey = "", MaterializationKey = job.MaterializationKey }],
        };
    }
}
