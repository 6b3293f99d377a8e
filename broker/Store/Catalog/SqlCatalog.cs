using Casparian.Broker.Store.Sql;

namespace Casparian.Broker.Store.Catalog;

/// <summary>
/// The catalog over any <see cref="ISqlSession"/>: the statements are plain SQL both adapters accept. Immutability is
/// enforced by insert-if-absent followed by a read-back comparison, so a concurrent identical registration is harmless.
/// </summary>
internal sealed partial class SqlCatalog(ISqlSession session, TimeProvider time, IFileRecorder? files = null) : ICatalogStore
{
    private long NowUs => Microseconds.From(time.GetUtcNow());

    public async Task<long> AddSourceRootAsync(string uri, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        await session.ExecuteAsync("INSERT INTO source_roots (uri) VALUES ($1) ON CONFLICT (uri) DO NOTHING", [uri], cancellationToken)
            .ConfigureAwait(false);
        var ids = await session.QueryAsync("SELECT id FROM source_roots WHERE uri = $1", [uri], r => r.GetInt64(0), cancellationToken)
            .ConfigureAwait(false);
        return ids[0];
    }

    public Task<IReadOnlyList<SourceRoot>> ListSourceRootsAsync(CancellationToken cancellationToken = default) =>
        session.QueryAsync("SELECT id, uri FROM source_roots ORDER BY id", [], r => new SourceRoot(r.GetInt64(0), r.GetString(1)),
            cancellationToken);

    public async Task<bool> RecordFileAsync(long rootId, string relativePath, string sourceHash, long size,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        ArgumentException.ThrowIfNullOrEmpty(sourceHash);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var now = NowUs;
        await session.ExecuteAsync(
            "INSERT INTO file_versions (source_hash, size, first_seen_us) VALUES ($1, $2, $3) ON CONFLICT (source_hash) DO NOTHING",
            [sourceHash, size, now], cancellationToken).ConfigureAwait(false);
        var current = await GetFileLocationAsync(rootId, relativePath, cancellationToken).ConfigureAwait(false);
        if (current?.SourceHash == sourceHash)
        {
            return false;
        }
        await session.ExecuteAsync(
            "INSERT INTO file_locations (root_id, path, source_hash, seen_us) VALUES ($1, $2, $3, $4) " +
            "ON CONFLICT (root_id, path) DO UPDATE SET source_hash = excluded.source_hash, seen_us = excluded.seen_us",
            [rootId, relativePath, sourceHash, now], cancellationToken).ConfigureAwait(false);
        await session.ExecuteAsync("INSERT INTO file_history (root_id, path, source_hash, seen_us) VALUES ($1, $2, $3, $4)",
            [rootId, relativePath, sourceHash, now], cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<FileLocation?> GetFileLocationAsync(long rootId, string relativePath, CancellationToken cancellationToken = default)
    {
        var rows = await session.QueryAsync(
            "SELECT root_id, path, source_hash, seen_us FROM file_locations WHERE root_id = $1 AND path = $2", [rootId, relativePath],
            r => new FileLocation(r.GetInt64(0), r.GetString(1), r.GetString(2), Microseconds.ToTime(r.GetInt64(3))), cancellationToken)
            .ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<string>> FileHistoryAsync(long rootId, string relativePath, CancellationToken cancellationToken = default) =>
        session.QueryAsync("SELECT source_hash FROM file_history WHERE root_id = $1 AND path = $2 ORDER BY id", [rootId, relativePath],
            r => r.GetString(0), cancellationToken);

    public async Task<FileVersion?> GetFileVersionAsync(string sourceHash, CancellationToken cancellationToken = default)
    {
        var rows = await session.QueryAsync("SELECT source_hash, size, first_seen_us FROM file_versions WHERE source_hash = $1", [sourceHash],
            r => new FileVersion(r.GetString(0), r.GetInt64(1), Microseconds.ToTime(r.GetInt64(2))), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task AddRoutingRuleAsync(RoutingRule rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return session.ExecuteAsync(
            "INSERT INTO routing_rules (path_glob, tag, priority) VALUES ($1, $2, $3) ON CONFLICT (path_glob, tag) DO UPDATE SET priority = excluded.priority",
            [rule.Glob, rule.Tag, rule.Priority], cancellationToken);
    }

    public Task<IReadOnlyList<RoutingRule>> ListRoutingRulesAsync(CancellationToken cancellationToken = default) =>
        session.QueryAsync("SELECT path_glob, tag, priority FROM routing_rules ORDER BY priority DESC, path_glob, tag", [],
            r => new RoutingRule(r.GetString(0), r.GetString(1), (int)r.GetInt64(2)), cancellationToken);

    public Task BindTagAsync(string tag, string plugin, CancellationToken cancellationToken = default) =>
        session.ExecuteAsync("INSERT INTO tag_plugins (tag, plugin) VALUES ($1, $2) ON CONFLICT (tag, plugin) DO NOTHING", [tag, plugin],
            cancellationToken);

    public Task<IReadOnlyList<string>> PluginsForTagAsync(string tag, CancellationToken cancellationToken = default) =>
        session.QueryAsync("SELECT plugin FROM tag_plugins WHERE tag = $1 ORDER BY plugin", [tag], r => r.GetString(0), cancellationToken);

    public async Task RegisterPluginAsync(PluginManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        await session.ExecuteAsync(
            "INSERT INTO plugins (name, version, artifact_hash, runtime_kind, entrypoint, manifest_json) VALUES ($1, $2, $3, $4, $5, $6) " +
            "ON CONFLICT (name, version) DO NOTHING",
            [manifest.Name, manifest.Version, manifest.ArtifactHash, manifest.RuntimeKind, manifest.Entrypoint, manifest.ManifestJson],
            cancellationToken).ConfigureAwait(false);
        var stored = await GetPluginAsync(manifest.Name, manifest.Version, cancellationToken).ConfigureAwait(false);
        if (stored is not null && stored.ArtifactHash != manifest.ArtifactHash)
        {
            throw new CatalogConflictException(
                $"plugin {manifest.Name} {manifest.Version} is already registered with artifact {stored.ArtifactHash}, not " +
                $"{manifest.ArtifactHash}; publish the changed plugin under a new version");
        }
    }

    public Task<IReadOnlyList<PluginManifest>> ListPluginsAsync(CancellationToken cancellationToken = default) =>
        session.QueryAsync("SELECT name, version, artifact_hash, runtime_kind, entrypoint, manifest_json FROM plugins ORDER BY name, version", [],
            r => new PluginManifest(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)),
            cancellationToken);

    public async Task<PluginManifest?> GetPluginAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        var rows = await session.QueryAsync(
            "SELECT name, version, artifact_hash, runtime_kind, entrypoint, manifest_json FROM plugins WHERE name = $1 AND version = $2",
            [name, version], r => new PluginManifest(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task RegisterContractAsync(SchemaContract contract, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contract);
        await session.ExecuteAsync(
            "INSERT INTO schema_contracts (plugin, output, version, schema_hash, schema_json) VALUES ($1, $2, $3, $4, $5) " +
            "ON CONFLICT (plugin, output, version) DO NOTHING",
            [contract.Plugin, contract.Output, contract.Version, contract.SchemaHash, contract.SchemaJson], cancellationToken).ConfigureAwait(false);
        var stored = await session.QueryAsync("SELECT schema_hash FROM schema_contracts WHERE plugin = $1 AND output = $2 AND version = $3",
            [contract.Plugin, contract.Output, contract.Version], r => r.GetString(0), cancellationToken).ConfigureAwait(false);
        if (stored[0] != contract.SchemaHash)
        {
            throw new CatalogConflictException(
                $"output {contract.Output} of plugin {contract.Plugin} already has contract version {contract.Version} with schema " +
                $"{stored[0]}; the schema {contract.SchemaHash} differs, so bump the contract version");
        }
    }

    public async Task<SchemaContract?> GetLatestContractAsync(string plugin, string output, CancellationToken cancellationToken = default)
    {
        var rows = await session.QueryAsync(
            "SELECT plugin, output, version, schema_hash, schema_json FROM schema_contracts WHERE plugin = $1 AND output = $2 " +
            "ORDER BY version DESC LIMIT 1", [plugin, output],
            r => new SchemaContract(r.GetString(0), r.GetString(1), (int)r.GetInt64(2), r.GetString(3), r.GetString(4)), cancellationToken)
            .ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task RegisterOutputTargetAsync(OutputTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        await session.ExecuteAsync(
            "INSERT INTO output_targets (target_key, sink_uri, table_name, schema_hash, sink_mode) VALUES ($1, $2, $3, $4, $5) " +
            "ON CONFLICT (target_key) DO NOTHING",
            [target.Key, target.SinkUri, target.Table, target.SchemaHash, target.SinkMode], cancellationToken).ConfigureAwait(false);
    }

    public async Task<OutputTarget?> GetOutputTargetAsync(string key, CancellationToken cancellationToken = default)
    {
        var rows = await session.QueryAsync(
            "SELECT target_key, sink_uri, table_name, schema_hash, sink_mode FROM output_targets WHERE target_key = $1", [key],
            r => new OutputTarget(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)), cancellationToken)
            .ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task RecordMaterializationsAsync(IReadOnlyList<Materialization> materializations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(materializations);
        var now = NowUs;
        foreach (var m in materializations)
        {
            await session.ExecuteAsync(
                "INSERT INTO materializations (materialization_key, target_key, source_hash, artifact_hash, job_id, row_count, created_us) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (materialization_key) DO NOTHING",
                [m.Key, m.OutputTargetKey, m.SourceHash, m.ArtifactHash, m.JobId, m.Rows, now], cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<Materialization>> QueryMaterializationsAsync(MaterializationQuery query, int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var clauses = new List<string>();
        var args = new List<object?>();
        if (query.SourceHash is { } hash)
        {
            args.Add(hash);
            clauses.Add($"source_hash = ${args.Count}");
        }
        if (query.OutputTargetKey is { } target)
        {
            args.Add(target);
            clauses.Add($"target_key = ${args.Count}");
        }
        args.Add((long)limit);
        var where = clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses);
        return session.QueryAsync(
            $"SELECT materialization_key, target_key, source_hash, artifact_hash, job_id, row_count FROM materializations{where} " +
            $"ORDER BY created_us, materialization_key LIMIT ${args.Count}", args,
            r => new Materialization(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsNull(4) ? null : r.GetInt64(4), r.GetInt64(5)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<string>> MissingMaterializationsAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var list = string.Join(", ", chunk.Select((_, i) => $"${i + 1}"));
            var found = await session.QueryAsync($"SELECT materialization_key FROM materializations WHERE materialization_key IN ({list})",
                [.. chunk.Cast<object?>()], r => r.GetString(0), cancellationToken).ConfigureAwait(false);
            present.UnionWith(found);
        }
        return [.. keys.Where(k => !present.Contains(k))];
    }
}
