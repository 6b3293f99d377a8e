namespace Casparian.Broker.Store.Catalog;

/// <summary>
/// The catalog, stored beside the job queue: source roots, file locations and immutable file versions, routing
/// (glob → tag → plugin), plugin manifests, output schema contracts, output targets and materializations.
/// </summary>
public interface ICatalogStore
{
    /// <summary>Adds a source root, or returns the id it already has.</summary>
    Task<long> AddSourceRootAsync(string uri, CancellationToken cancellationToken = default);

    /// <summary>Every source root, by id.</summary>
    Task<IReadOnlyList<SourceRoot>> ListSourceRootsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that <paramref name="relativePath"/> under a root holds the version <paramref name="sourceHash"/>. Returns
    /// true when that is a new version at that location (old versions are kept).
    /// </summary>
    Task<bool> RecordFileAsync(long rootId, string relativePath, string sourceHash, long size, CancellationToken cancellationToken = default);

    /// <summary>The version last seen at a location, or null.</summary>
    Task<FileLocation?> GetFileLocationAsync(long rootId, string relativePath, CancellationToken cancellationToken = default);

    /// <summary>Every version seen at a location, oldest first.</summary>
    Task<IReadOnlyList<string>> FileHistoryAsync(long rootId, string relativePath, CancellationToken cancellationToken = default);

    /// <summary>Every location under a root with the version it holds now, in one set-based read (scans diff against it).</summary>
    Task<IReadOnlyList<LocatedVersion>> ListLocationsAsync(long rootId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records in bulk that each file's location now holds its version: the version is added if new, the location
    /// moves to it and the history gains a record. Pass only files whose location is new or changed. Returns the
    /// history records made, in input order.
    /// </summary>
    Task<IReadOnlyList<LocatedVersion>> RecordFilesAsync(long rootId, IReadOnlyList<ScannedFile> files, CancellationToken cancellationToken = default);

    /// <summary>Rows of the materializations recorded at or after <paramref name="since"/>: a run's progress in rows.</summary>
    Task<long> RowsMaterializedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>A file version, or null.</summary>
    Task<FileVersion?> GetFileVersionAsync(string sourceHash, CancellationToken cancellationToken = default);

    /// <summary>Adds a routing rule (idempotent).</summary>
    Task AddRoutingRuleAsync(RoutingRule rule, CancellationToken cancellationToken = default);

    /// <summary>Every routing rule, highest priority first.</summary>
    Task<IReadOnlyList<RoutingRule>> ListRoutingRulesAsync(CancellationToken cancellationToken = default);

    /// <summary>Routing, second half: files with <paramref name="tag"/> are parsed by <paramref name="plugin"/> (idempotent).</summary>
    Task BindTagAsync(string tag, string plugin, CancellationToken cancellationToken = default);

    /// <summary>The plugins bound to a tag, by name.</summary>
    Task<IReadOnlyList<string>> PluginsForTagAsync(string tag, CancellationToken cancellationToken = default);

    /// <summary>Registers a plugin version; the same name and version with another artifact hash throws <see cref="CatalogConflictException"/>.</summary>
    Task RegisterPluginAsync(PluginManifest manifest, CancellationToken cancellationToken = default);

    /// <summary>Every registered plugin version, by name then version.</summary>
    Task<IReadOnlyList<PluginManifest>> ListPluginsAsync(CancellationToken cancellationToken = default);

    /// <summary>A plugin version, or null.</summary>
    Task<PluginManifest?> GetPluginAsync(string name, string version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers an output schema contract. A different schema under an existing (plugin, output, version) throws
    /// <see cref="CatalogConflictException"/>: a changed schema needs a version bump.
    /// </summary>
    Task RegisterContractAsync(SchemaContract contract, CancellationToken cancellationToken = default);

    /// <summary>The newest contract version of a plugin output, or null.</summary>
    Task<SchemaContract?> GetLatestContractAsync(string plugin, string output, CancellationToken cancellationToken = default);

    /// <summary>Registers an output target (idempotent by key).</summary>
    Task RegisterOutputTargetAsync(OutputTarget target, CancellationToken cancellationToken = default);

    /// <summary>An output target, or null.</summary>
    Task<OutputTarget?> GetOutputTargetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Records materializations (idempotent by key).</summary>
    Task RecordMaterializationsAsync(IReadOnlyList<Materialization> materializations, CancellationToken cancellationToken = default);

    /// <summary>Materializations matching <paramref name="query"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Materialization>> QueryMaterializationsAsync(MaterializationQuery query, int limit, CancellationToken cancellationToken = default);

    /// <summary>The keys among <paramref name="keys"/> that have no materialization yet, in the given order.</summary>
    Task<IReadOnlyList<string>> MissingMaterializationsAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);
}
