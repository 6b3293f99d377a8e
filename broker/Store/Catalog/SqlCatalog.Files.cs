using System.Globalization;
using Casparian.Broker.Store.Sql;

namespace Casparian.Broker.Store.Catalog;

/// <summary>
/// The scan's bulk file statements: one read of a root's locations, then multi-row inserts per chunk, because a
/// statement per file would bound a scan of 100,000 small files by round trips rather than by hashing.
/// </summary>
internal sealed partial class SqlCatalog
{
    // Rows per statement: big enough that statement overhead vanishes, small enough to bound one statement's memory.
    private const int FileChunk = 20_000;

    // U+001F (unit separator) joins list parameters; no sane file name contains it, and one that does is refused.
    private const string Separator = "\u001f";

    public Task<IReadOnlyList<LocatedVersion>> ListLocationsAsync(long rootId, CancellationToken cancellationToken = default) =>
        session.QueryAsync(
            "SELECT l.path, l.source_hash, max(h.id) FROM file_locations l JOIN file_history h " +
            "ON h.root_id = l.root_id AND h.path = l.path AND h.source_hash = l.source_hash " +
            "WHERE l.root_id = $1 GROUP BY l.path, l.source_hash", [rootId],
            r => new LocatedVersion(r.GetString(0), r.GetString(1), r.GetInt64(2)), cancellationToken);

    // An adapter's own bulk writer when it has one, else the portable statements.
    private readonly IFileRecorder _files = files ?? new SqlFileRecorder(session);

    public async Task<IReadOnlyList<LocatedVersion>> RecordFilesAsync(long rootId, IReadOnlyList<ScannedFile> files,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            ArgumentException.ThrowIfNullOrEmpty(file.RelativePath);
            ArgumentException.ThrowIfNullOrEmpty(file.SourceHash);
            ArgumentOutOfRangeException.ThrowIfNegative(file.Size);
            if (file.RelativePath.Contains(Separator, StringComparison.Ordinal) || file.SourceHash.Contains(Separator, StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{file.RelativePath}' contains the control character U+001F, which file lists use as separator; rename the file",
                    nameof(files));
            }
        }
        if (files.Select(f => f.RelativePath).Distinct(StringComparer.Ordinal).Count() != files.Count)
        {
            throw new ArgumentException("each location may be recorded once per call; the files list repeats a path", nameof(files));
        }
        var recorded = new List<LocatedVersion>(files.Count);
        var now = NowUs;
        foreach (var chunk in files.Chunk(FileChunk))
        {
            recorded.AddRange(await _files.RecordAsync(rootId, chunk, now, cancellationToken).ConfigureAwait(false));
        }
        return recorded;
    }

    /// <summary>The portable recorder: multi-row statements whose lists travel as one text parameter each.</summary>
    private sealed class SqlFileRecorder(ISqlSession session) : IFileRecorder
    {
        public async Task<IReadOnlyList<LocatedVersion>> RecordAsync(long rootId, IReadOnlyList<ScannedFile> chunk, long now,
            CancellationToken cancellationToken)
        {
            // Identical files are one version: insert each hash once per statement.
            var versions = chunk.DistinctBy(f => f.SourceHash, StringComparer.Ordinal).ToList();
            await session.ExecuteAsync(
                "INSERT INTO file_versions (source_hash, size, first_seen_us) " +
                "SELECT h, CAST(n AS BIGINT), $3 FROM (SELECT unnest(string_to_array($1, chr(31))) AS h, unnest(string_to_array($2, chr(31))) AS n) AS t " +
                "ON CONFLICT (source_hash) DO NOTHING",
                [Join(versions.Select(f => f.SourceHash)), Join(versions.Select(f => f.Size.ToString(CultureInfo.InvariantCulture))), now],
                cancellationToken).ConfigureAwait(false);
            var paths = Join(chunk.Select(f => f.RelativePath));
            var hashes = Join(chunk.Select(f => f.SourceHash));
            var ids = await session.QueryAsync(
                "INSERT INTO file_history (root_id, path, source_hash, seen_us) " +
                "SELECT $1, p, h, $4 FROM (SELECT unnest(string_to_array($2, chr(31))) AS p, unnest(string_to_array($3, chr(31))) AS h) AS t " +
                "RETURNING path, id",
                [rootId, paths, hashes, now], r => (Path: r.GetString(0), Id: r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
            // The location moves last: a scan interrupted before this point finds the location unchanged and records it again.
            await session.ExecuteAsync(
                "INSERT INTO file_locations (root_id, path, source_hash, seen_us) " +
                "SELECT $1, p, h, $4 FROM (SELECT unnest(string_to_array($2, chr(31))) AS p, unnest(string_to_array($3, chr(31))) AS h) AS t " +
                "ON CONFLICT (root_id, path) DO UPDATE SET source_hash = excluded.source_hash, seen_us = excluded.seen_us",
                [rootId, paths, hashes, now], cancellationToken).ConfigureAwait(false);
            var idByPath = ids.ToDictionary(x => x.Path, x => x.Id, StringComparer.Ordinal);
            return [.. chunk.Select(f => new LocatedVersion(f.RelativePath, f.SourceHash, idByPath[f.RelativePath]))];
        }
    }

    // Lists travel as one text parameter split in SQL (string_to_array and unnest exist in both PostgreSQL and DuckDB):
    // one statement per chunk whatever its size, with no per-row parameters to bind.
    private static string Join(IEnumerable<string> values) => string.Join(Separator, values);

    public async Task<long> RowsMaterializedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var rows = await session.QueryAsync("SELECT CAST(COALESCE(sum(row_count), 0) AS BIGINT) FROM materializations WHERE created_us >= $1",
            [Microseconds.From(since)], r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        return rows[0];
    }
}
