using Casparian.Protocol.Messages;
using Casparian.Protocol.Plugins;

namespace Casparian.Broker.Scout;

/// <summary>One output a plugin produces, as the planner needs it.</summary>
/// <param name="Name">The plugin's name for the output (<c>rows</c> for the builtin parsers).</param>
/// <param name="Table">The destination table, or null when it is named after each file (<see cref="TableNames"/>).</param>
/// <param name="Schema">The output schema; builtin parsers have an inferred pseudo-schema.</param>
public sealed record ScoutOutput(string Name, string? Table, OutputSchema Schema)
{
    /// <summary>The table this output of <paramref name="relativePath"/> goes to.</summary>
    public string TableFor(string relativePath, string fallback) => Table ?? TableNames.ForFile(relativePath, fallback);
}

/// <summary>
/// A plugin the scout routes files to: its exact artifact (what a job runs and what the materialization key names),
/// its routes and its outputs. Either a builtin parser or a loaded bundle.
/// </summary>
public sealed record ScoutPlugin
{
    /// <summary>The builtin parsers' single output.</summary>
    public const string BuiltinOutput = "rows";

    /// <summary>Builtins route below any bundle, so a bundle claiming the same files wins.</summary>
    public const int BuiltinPriority = 0;

    public required PluginRef Ref { get; init; }

    public required IReadOnlyList<RoutingRuleSpec> Routes { get; init; }

    public required IReadOnlyList<ScoutOutput> Outputs { get; init; }

    /// <summary>The manifest text recorded in the catalog (the bundle's TOML, or a one-line description).</summary>
    public required string ManifestText { get; init; }

    /// <summary>The name the queue shows for the job's plugin: <c>NAME@VERSION</c>.</summary>
    public string Id => $"{Ref.Name}@{Ref.Version}";

    /// <summary>The fallback table name for outputs named after files: the plugin name without <c>builtin:</c>.</summary>
    public string BareName => Ref.Name.StartsWith("builtin:", StringComparison.Ordinal) ? Ref.Name["builtin:".Length..] : Ref.Name;

    /// <summary><c>builtin:csv</c>: <c>**/*.csv</c>, tag <c>csv</c>.</summary>
    public static ScoutPlugin BuiltinCsv { get; } = Builtin("csv", "csv", ["**/*.csv"]);

    /// <summary><c>builtin:jsonl</c>: <c>**/*.jsonl</c> and <c>**/*.ndjson</c>, tag <c>jsonl</c>.</summary>
    public static ScoutPlugin BuiltinJsonl { get; } = Builtin("jsonl", "jsonl", ["**/*.jsonl", "**/*.ndjson"]);

    /// <summary>The builtin parsers every scan routes to.</summary>
    public static IReadOnlyList<ScoutPlugin> Builtins { get; } = [BuiltinCsv, BuiltinJsonl];

    /// <summary>A plugin from a loaded bundle.</summary>
    public static ScoutPlugin FromBundle(PluginBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return new ScoutPlugin
        {
            Ref = new PluginRef
            {
                Name = bundle.Name,
                Version = bundle.Version,
                ArtifactHash = bundle.ArtifactHash,
                RuntimeKind = bundle.RuntimeKind,
                Entrypoint = bundle.Entrypoint,
                BundlePath = bundle.Directory,
            },
            Routes = [.. bundle.Routes.Select(r => new RoutingRuleSpec(GlobPattern.Parse(r.Glob), r.Tag, r.Priority))],
            Outputs = [.. bundle.Outputs.Select(o => new ScoutOutput(o.Name, o.Table, o.Schema))],
            ManifestText = bundle.ManifestText,
        };
    }

    private static ScoutPlugin Builtin(string name, string tag, IReadOnlyList<string> globs)
    {
        var full = "builtin:" + name;
        return new ScoutPlugin
        {
            Ref = new PluginRef
            {
                Name = full,
                Version = BuiltinArtifacts.Release,
                ArtifactHash = BuiltinArtifacts.HashOf(full),
                RuntimeKind = BuiltinArtifacts.RuntimeKind,
            },
            Routes = [.. globs.Select(g => new RoutingRuleSpec(GlobPattern.Parse(g), tag, BuiltinPriority))],
            Outputs = [new ScoutOutput(BuiltinOutput, null, OutputSchema.Inferred(full))],
            ManifestText = $"{full} {BuiltinArtifacts.Release} (builtin parser)",
        };
    }
}

/// <summary>A compiled route: files matching <paramref name="Glob"/> get <paramref name="Tag"/>; the highest priority wins.</summary>
public sealed record RoutingRuleSpec(GlobPattern Glob, string Tag, int Priority);
