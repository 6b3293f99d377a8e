using Casparian.Worker.Execution;

namespace Casparian.Worker.Runtimes.Builtin;

/// <summary>The <c>builtin</c> runtime: dispatches to a first-party parser by plugin name.</summary>
public sealed class BuiltinRuntime : IPluginRuntime
{
    private readonly Dictionary<string, IBuiltinParser> _parsers;

    public BuiltinRuntime(IEnumerable<IBuiltinParser> parsers)
    {
        ArgumentNullException.ThrowIfNull(parsers);
        _parsers = parsers.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public string Kind => "builtin";

    /// <summary>The parsers this worker has, as plugin names for IDENTIFY.</summary>
    public IEnumerable<string> PluginNames => _parsers.Keys.Select(n => $"builtin:{n}");

    public Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var name = job.Dispatch.Plugin.Name;
        var bare = name.StartsWith("builtin:", StringComparison.Ordinal) ? name["builtin:".Length..] : name;
        if (!_parsers.TryGetValue(bare, out var parser))
        {
            throw new JobFailedException(FailureKind.Permanent, "plugin.unknown_builtin",
                $"this worker has no builtin parser '{bare}' (it has: {string.Join(", ", _parsers.Keys)})");
        }
        return parser.RunAsync(job, cancellationToken);
    }
}
