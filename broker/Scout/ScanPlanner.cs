using Casparian.Broker.Store.Catalog;
using Casparian.Protocol.Identity;
using Casparian.Protocol.Messages;

namespace Casparian.Broker.Scout;

/// <summary>
/// Turns hashed files into a plan: route each file, name each expected output's target and materialization key
/// (DESIGN §5), and classify the pair by what the catalog already holds. A pair needs a job exactly when one of its
/// materialization keys is missing, so a rerun plans nothing and a new file or plugin artifact plans what it touches.
/// </summary>
public static class ScanPlanner
{
    /// <summary>Outputs go to their sink in append mode; the materialization key makes each commit happen once.</summary>
    public const SinkMode Mode = SinkMode.Append;

    /// <summary>Builds the plan.</summary>
    /// <param name="files">Hashed files in path order.</param>
    /// <param name="known">The versions the catalog held at each location before this scan.</param>
    /// <param name="versionIds">The file history record of each path's current version (new ones included), when known.</param>
    /// <param name="router">Routes and plugins.</param>
    /// <param name="sinkUri">Where outputs go (absolute, so keys do not depend on the working folder).</param>
    /// <param name="missing">Returns the keys among those given that have no materialization.</param>
    /// <param name="unreadable">Files the hasher could not read, carried into the plan.</param>
    public static async Task<ScanPlan> PlanAsync(IReadOnlyList<HashedFile> files, IReadOnlyDictionary<string, LocatedVersion> known,
        IReadOnlyDictionary<string, long> versionIds, FileRouter router, string sinkUri,
        Func<IReadOnlyList<string>, Task<IReadOnlyList<string>>> missing, IReadOnlyList<UnreadableFile> unreadable)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(versionIds);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentException.ThrowIfNullOrEmpty(sinkUri);
        ArgumentNullException.ThrowIfNull(missing);
        var pairs = new List<(HashedFile File, ScoutPlugin Plugin, IReadOnlyList<ExpectedOutput> Outputs)>();
        var unrouted = new List<string>();
        var targetKeys = new Dictionary<(string Table, string SchemaHash), string>();
        foreach (var file in files)
        {
            var plugins = router.Route(file.File.RelativePath);
            if (plugins.Count == 0)
            {
                unrouted.Add(file.File.RelativePath);
                continue;
            }
            foreach (var plugin in plugins)
            {
                pairs.Add((file, plugin, ExpectedOutputs(file, plugin, sinkUri, targetKeys)));
            }
        }
        var allKeys = pairs.SelectMany(p => p.Outputs.Select(o => o.MaterializationKey)).ToList();
        var missingKeys = allKeys.Count == 0
            ? []
            : new HashSet<string>(await missing(allKeys).ConfigureAwait(false), StringComparer.Ordinal);
        var items = pairs.Select(p => new PlanItem(p.File, versionIds.GetValueOrDefault(p.File.File.RelativePath), p.Plugin,
            Classify(p.File, p.Outputs, known, missingKeys), p.Outputs)).ToList();
        return new ScanPlan(items, unrouted, unreadable ?? []);
    }

    private static IReadOnlyList<ExpectedOutput> ExpectedOutputs(HashedFile file, ScoutPlugin plugin, string sinkUri,
        Dictionary<(string Table, string SchemaHash), string> targetKeys)
    {
        return [.. plugin.Outputs.OrderBy(o => o.Name, StringComparer.Ordinal).Select(output =>
        {
            var table = output.TableFor(file.File.RelativePath, plugin.BareName);
            var schemaHash = output.Schema.Hash;
            if (!targetKeys.TryGetValue((table, schemaHash), out var targetKey))
            {
                targetKey = OutputTargetKey.Of(sinkUri, table, schemaHash, Mode);
                targetKeys[(table, schemaHash)] = targetKey;
            }
            return new ExpectedOutput
            {
                Name = output.Name,
                Table = table,
                SinkUri = sinkUri,
                SinkMode = Mode.ToString(),
                SchemaHash = schemaHash,
                OutputTargetKey = targetKey,
                MaterializationKey = MaterializationKey.Of(targetKey, file.SourceHash, plugin.Ref.ArtifactHash),
            };
        })];
    }

    private static PlanStatus Classify(HashedFile file, IReadOnlyList<ExpectedOutput> outputs, IReadOnlyDictionary<string, LocatedVersion> known,
        HashSet<string> missingKeys)
    {
        if (!outputs.Any(o => missingKeys.Contains(o.MaterializationKey)))
        {
            return PlanStatus.UpToDate;
        }
        if (!known.TryGetValue(file.File.RelativePath, out var before))
        {
            return PlanStatus.New;
        }
        return before.SourceHash == file.SourceHash ? PlanStatus.Stale : PlanStatus.Changed;
    }
}
