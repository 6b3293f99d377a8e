using Casparian.Broker.Store.Catalog;
using Casparian.Native.DuckDb;

namespace Casparian.Broker.Store.DuckDb;

/// <summary>
/// A scan's files reach DuckDB through the appender into a staging table, then set-based statements without
/// <c>ON CONFLICT</c> or <c>RETURNING</c> (each several times the cost of a plain insert on DuckDB): anti-joins pick the
/// new versions and locations, an UPDATE moves the known locations, and the history rows, whose ids are drawn from their
/// sequence first, are appended directly. Measured on 100,000 files: about 1.5 s of CPU against 2.5–4 s for the portable
/// statements, most of it DuckDB checking the primary keys at commit.
/// </summary>
internal sealed class DuckDbFileRecorder(GroupCommitWriter writer, DuckDbStaging staging) : IFileRecorder
{
    private const string Stage = DuckDbStaging.Files;

    public async Task<IReadOnlyList<LocatedVersion>> RecordAsync(long rootId, IReadOnlyList<ScannedFile> files, long nowUs,
        CancellationToken cancellationToken) =>
        await writer.Submit(new SqlOp<List<LocatedVersion>>(c => Record(c, staging, rootId, files, nowUs))).WaitAsync(cancellationToken).ConfigureAwait(false);

    // Runs in the writer's group transaction; a re-applied group starts again from an empty stage.
    private static List<LocatedVersion> Record(DuckDbConnection connection, DuckDbStaging staging, long rootId, IReadOnlyList<ScannedFile> files,
        long now)
    {
        staging.Clear(Stage);
        staging.Fill(Stage, files, static (a, f) => a.AppendVarchar(f.RelativePath).AppendVarchar(f.SourceHash).AppendInt64(f.Size));
        // Identical files are one version.
        DuckDbSql.Execute(connection,
            $"INSERT INTO file_versions (source_hash, size, first_seen_us) SELECT s.h, any_value(s.n), $1 FROM {Stage} AS s " +
            "WHERE NOT EXISTS (SELECT 1 FROM file_versions AS v WHERE v.source_hash = s.h) GROUP BY s.h", [now]);
        // History ids are drawn from the table's sequence up front, so the rows go in through the appender and nobody
        // has to read the ids back; sorted, they follow the files' order as a plain INSERT would number them.
        var ids = DuckDbSql.Query(connection, "SELECT nextval('file_history_id') FROM range($1)", [(long)files.Count], r => r.GetInt64(0));
        ids.Sort();
        staging.Fill("file_history", Enumerable.Range(0, files.Count),
            (a, i) => a.AppendInt64(ids[i]).AppendInt64(rootId).AppendVarchar(files[i].RelativePath).AppendVarchar(files[i].SourceHash).AppendInt64(now));
        // Known locations move (only non-key columns change, which DuckDB updates in place); new ones are inserted.
        DuckDbSql.Execute(connection,
            $"UPDATE file_locations AS l SET source_hash = s.h, seen_us = $2 FROM {Stage} AS s WHERE l.root_id = $1 AND l.path = s.p",
            [rootId, now]);
        DuckDbSql.Execute(connection,
            $"INSERT INTO file_locations (root_id, path, source_hash, seen_us) SELECT $1, s.p, s.h, $2 FROM {Stage} AS s " +
            "WHERE NOT EXISTS (SELECT 1 FROM file_locations AS l WHERE l.root_id = $1 AND l.path = s.p)", [rootId, now]);
        return [.. files.Select((f, i) => new LocatedVersion(f.RelativePath, f.SourceHash, ids[i]))];
    }
}
