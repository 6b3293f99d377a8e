using System.Text;
using Casparian.Broker.Store.Sql;

namespace Casparian.Broker.Store.Catalog;

/// <summary>
/// The scan's bulk file statements: one read of a root's locations, then multi-row inserts per chunk, because a
/// statement per file would bound a scan of 100,000 small files by round trips rather than by hashing.
/// </summary>
internal sealed partial class SqlCatalog
{
    // 4 parameters a row: 4,000 per statement, far below PostgreSQL's 65,535 and cheap for DuckDB to bind.
    private const int FileChunk = 1000;

    public Task<IReadOnlyList<LocatedVersion>> ListLocationsAsync(long rootId, CancellationToken cancellationToken = default) =>
        session.QueryAsync(
            "SELECT l.path, l.source_hash, max(h.id) FROM file_locations l JOIN file_history h " +
            "ON h.root_id = l.root_id AND h.path = l.path AND h.source_hash = l.source_hash " +
            "WHERE l.root_id = $1 GROUP BY l.path, l.source_hash", [rootId],
            r => new LocatedVersion(r.GetString(0), r.GetString(1), r.GetInt64(2)), cancellationToken);

    public async Task<IReadOnlyList<LocatedVersion>> RecordFilesAsync(long rootId, IReadOnlyList<ScannedFile> files,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Select(f => f.RelativePath).Distinct(StringComparer.Ordinal).Count() != files.Count)
        {
            throw new ArgumentException("each location may be recorded once per call; the files list repeats a path", nameof(files));
        }
        var recorded = new List<LocatedVersion>(files.Count);
        var now = NowUs;
        foreach (var chunk in files.Chunk(FileChunk))
        {
            foreach (var file in chunk)
            {
                ArgumentException.ThrowIfNullOrEmpty(file.RelativePath);
                ArgumentException.ThrowIfNullOrEmpty(file.SourceHash);
                ArgumentOutOfRangeException.ThrowIfNegative(file.Size);
            }
            // Identical files are one version: insert each hash once per statement.
            var versions = chunk.DistinctBy(f => f.SourceHash, StringComparer.Ordinal).ToList();
            await session.ExecuteAsync(
                "INSERT INTO file_versions (source_hash, size, first_seen_us) VALUES " + Rows(versions.Count, 3) +
                " ON CONFLICT (source_hash) DO NOTHING",
                [.. versions.SelectMany(f => new object?[] { f.SourceHash, f.Size, now })], cancellationToken).ConfigureAwait(false);
            var ids = await session.QueryAsync(
                "INSERT INTO file_history (root_id, path, source_hash, seen_us) VALUES " + Rows(chunk.Length, 4) + " RETURNING path, id",
                [.. chunk.SelectMany(f => new object?[] { rootId, f.RelativePath, f.SourceHash, now })],
                r => (Path: r.GetString(0), Id: r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
            // The location moves last: a scan interrupted before this point finds the location unchanged and records it again.
            await session.ExecuteAsync(
                "INSERT INTO file_locations (root_id, path, source_hash, seen_us) VALUES " + Rows(chunk.Length, 4) +
                " ON CONFLICT (root_id, path) DO UPDATE SET source_hash = excluded.source_hash, seen_us = excluded.seen_us",
                [.. chunk.SelectMany(f => new object?[] { rootId, f.RelativePath, f.SourceHash, now })], cancellationToken).ConfigureAwait(false);
            var idByPath = ids.ToDictionary(x => x.Path, x => x.Id, StringComparer.Ordinal);
            recorded.AddRange(chunk.Select(f => new LocatedVersion(f.RelativePath, f.SourceHash, idByPath[f.RelativePath])));
        }
        return recorded;
    }

    public async Task<long> RowsMaterializedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var rows = await session.QueryAsync("SELECT CAST(COALESCE(sum(row_count), 0) AS BIGINT) FROM materializations WHERE created_us >= $1",
            [Microseconds.From(since)], r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        return rows[0];
    }

    // "($1, $2, $3), ($4, $5, $6), …" for rows × columns positional parameters.
    private static string Rows(int rows, int columns)
    {
        var sql = new StringBuilder(rows * columns * 6);
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns; column++)
            {
                if (column > 0)
                {
                    sql.Append(", ");
                }
                sql.Append('$').Append(row * columns + column + 1);
            }
            sql.Append(')');
        }
        return sql.ToString();
    }
}
