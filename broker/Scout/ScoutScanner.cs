using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;
using Casparian.Broker.Store.Catalog;

namespace Casparian.Broker.Scout;

/// <summary>
/// The scout: walks a source root, hashes every file (a changed file is a new immutable version), records roots,
/// locations and versions in the catalog with set-based writes, registers the plugins with their routes and
/// contracts, plans, and enqueues a job for each (file version, plugin) pair with a missing materialization key.
/// A dry run plans against what the catalog holds and writes nothing.
/// </summary>
public sealed class ScoutScanner
{
    private readonly IStateStore _store;
    private readonly ScoutOptions _options;
    private readonly FileRouter _router;

    public ScoutScanner(IStateStore store, ScoutOptions options)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentException.ThrowIfNullOrEmpty(options.SinkUri);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HashThreads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EnqueueBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PipelineSegment, 1);
        _router = new FileRouter(options.Plugins);
    }

    /// <summary>Scans <paramref name="root"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The root is not a folder.</exception>
    /// <exception cref="CatalogConflictException">A plugin changed without a version bump.</exception>
    public async Task<ScanResult> ScanAsync(string root, bool dryRun, CancellationToken cancellationToken = default)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var walked = SourceWalker.Walk(fullRoot);
        var catalog = _store.Catalog;
        var rootId = dryRun ? await FindRootAsync(fullRoot, cancellationToken).ConfigureAwait(false)
            : await catalog.AddSourceRootAsync(fullRoot, cancellationToken).ConfigureAwait(false);
        var known = rootId is { } id
            ? (await catalog.ListLocationsAsync(id, cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.RelativePath, StringComparer.Ordinal)
            : [];
        var versionIds = known.Values.ToDictionary(l => l.RelativePath, l => l.FileVersionId, StringComparer.Ordinal);
        if (!dryRun)
        {
            await RegisterPluginsAsync(cancellationToken).ConfigureAwait(false);
        }
        var hashed = new List<HashedFile>(walked.Count);
        var unreadable = new List<UnreadableFile>();
        // Segments pipeline the two costs: the store records segment k on its writer while segment k + 1 is hashed.
        var recording = Task.CompletedTask;
        foreach (var segment in walked.Chunk(_options.PipelineSegment))
        {
            var (segmentHashed, segmentUnreadable) = await Task.Run(() => ParallelHasher.Hash(segment, _options.HashThreads, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            hashed.AddRange(segmentHashed);
            unreadable.AddRange(segmentUnreadable);
            await recording.ConfigureAwait(false);
            if (!dryRun)
            {
                recording = RecordAsync(rootId!.Value, segmentHashed, known, versionIds, cancellationToken);
            }
        }
        await recording.ConfigureAwait(false);
        var plan = await ScanPlanner.PlanAsync(hashed, known, versionIds, _router, _options.SinkUri,
            keys => catalog.MissingMaterializationsAsync(keys, cancellationToken), unreadable).ConfigureAwait(false);
        if (dryRun)
        {
            return new ScanResult(fullRoot, plan, 0, 0, DryRun: true);
        }
        var (enqueued, duplicates) = await EnqueueAsync(plan, cancellationToken).ConfigureAwait(false);
        return new ScanResult(fullRoot, plan, enqueued, duplicates, DryRun: false);
    }

    // Records the files whose location is new or now holds another version, and notes their history ids.
    private async Task RecordAsync(long rootId, IReadOnlyList<HashedFile> files, Dictionary<string, LocatedVersion> known,
        Dictionary<string, long> versionIds, CancellationToken cancellationToken)
    {
        var moved = files.Where(f => !known.TryGetValue(f.File.RelativePath, out var before) || before.SourceHash != f.SourceHash)
            .Select(f => new ScannedFile(f.File.RelativePath, f.SourceHash, f.Size)).ToList();
        if (moved.Count == 0)
        {
            return;
        }
        foreach (var recorded in await _store.Catalog.RecordFilesAsync(rootId, moved, cancellationToken).ConfigureAwait(false))
        {
            versionIds[recorded.RelativePath] = recorded.FileVersionId;
        }
    }

    private async Task<long?> FindRootAsync(string fullRoot, CancellationToken cancellationToken)
    {
        var roots = await _store.Catalog.ListSourceRootsAsync(cancellationToken).ConfigureAwait(false);
        return roots.FirstOrDefault(r => r.Uri == fullRoot)?.Id;
    }

    // Plugins, their contracts and routes go into the catalog so the store explains every job it holds.
    private async Task RegisterPluginsAsync(CancellationToken cancellationToken)
    {
        var catalog = _store.Catalog;
        foreach (var plugin in _router.Plugins)
        {
            var name = plugin.Ref.Name;
            var known = await catalog.GetPluginAsync(name, plugin.Ref.Version, cancellationToken).ConfigureAwait(false);
            await catalog.RegisterPluginAsync(new PluginManifest(name, plugin.Ref.Version, plugin.Ref.ArtifactHash, plugin.Ref.RuntimeKind,
                plugin.Ref.Entrypoint ?? "", plugin.ManifestText), cancellationToken).ConfigureAwait(false);
            foreach (var output in plugin.Outputs)
            {
                var latest = await catalog.GetLatestContractAsync(name, output.Name, cancellationToken).ConfigureAwait(false);
                // A new plugin version may bring a new contract version; the same plugin version must keep its schema,
                // which RegisterContractAsync enforces with a message saying to bump the version.
                var version = latest is null ? 1
                    : latest.SchemaHash == output.Schema.Hash || known is not null ? latest.Version
                    : latest.Version + 1;
                await catalog.RegisterContractAsync(new SchemaContract(name, output.Name, version, output.Schema.Hash, output.Schema.CanonicalJson),
                    cancellationToken).ConfigureAwait(false);
            }
            foreach (var route in plugin.Routes)
            {
                await catalog.AddRoutingRuleAsync(new RoutingRule(route.Glob.Pattern, route.Tag, route.Priority), cancellationToken).ConfigureAwait(false);
                await catalog.BindTagAsync(route.Tag, name, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<(int Enqueued, int Duplicates)> EnqueueAsync(ScanPlan plan, CancellationToken cancellationToken)
    {
        var catalog = _store.Catalog;
        var toRun = plan.ToRun.ToList();
        foreach (var target in toRun.SelectMany(i => i.Outputs).DistinctBy(o => o.OutputTargetKey, StringComparer.Ordinal))
        {
            await catalog.RegisterOutputTargetAsync(new OutputTarget(target.OutputTargetKey, target.SinkUri, target.Table, target.SchemaHash, target.SinkMode),
                cancellationToken).ConfigureAwait(false);
        }
        int enqueued = 0, duplicates = 0;
        foreach (var batch in toRun.Chunk(_options.EnqueueBatch))
        {
            var result = await _store.EnqueueAsync([.. batch.Select(Request)], cancellationToken).ConfigureAwait(false);
            enqueued += result.NewJobIds.Count;
            duplicates += result.Duplicates;
        }
        return (enqueued, duplicates);
    }

    private static EnqueueRequest Request(PlanItem item) => new(item.JobKey, item.File.SourceHash, item.Plugin.Id, Payload: new JobSpec
    {
        InputPath = item.File.File.FullPath,
        FileVersionId = item.FileVersionId,
        Plugin = item.Plugin.Ref,
        Outputs = item.Outputs,
    }.ToJson());
}
