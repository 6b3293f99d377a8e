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
internal sealed class DuckDbFileRecorder(GroupCommitWriter writer) : IFileRecorder
{
    private const string Stage = "stage_files";

    public async Task<IReadOnlyList<LocatedVersion>> RecordAsync(long rootId, IReadOnlyList<ScannedFile> files, long nowUs,
        CancellationToken cancellationToken) =>
        await writer.Submit(new SqlOp<List<LocatedVersion>>(c => Record(c, rootId, files, nowUs))).WaitAsync(cancellationToken).ConfigureAwait(false);

    // Runs in the writer's group transaction; a re-applied group starts again from an empty stage.
    private static List<LocatedVersion> Record(DuckDbConnection connection, long rootId, IReadOnlyList<ScannedFile> files, long now)
    {
        connection.Execute($"CREATE TEMP TABLE IF NOT EXISTS {Stage} (p VARCHAR, h VARCHAR, n BIGINT); DELETE FROM {Stage};");
        using (var appender = connection.CreateAppender(Stage))
        {
            foreach (var file in files)
            {
                appender.AppendVarchar(file.RelativePath).AppendVarchar(file.SourceHash).AppendInt64(file.Size);
                appender.EndRow();
            }
            appender.Close();
        }
        // Identical files are one version.
        DuckDbSql.Execute(connection,
            $"INSERT INTO file_versions (source_hash, size, first_seen_us) SELECT s.h, any_value(s.n), $1 FROM {Stage} AS s " +
            "WHERE NOT EXISTS (SELECT 1 FROM file_versions AS v WHERE v.source_hash = s.h) GROUP BY s.h", [now]);
        // History ids are drawn from the table's sequence up front, so the rows go in through the appender and nobody
        // has to read the ids back; sorted, they follow the files' order as a plain INSERT would number them.
        var ids = DuckDbSql.Query(connection, "SELECT nextval('file_history_id') FROM range($1)", [(long)files.Count], r => r.GetInt64(0));
        ids.Sort();
        using (var appender = connection.CreateAppender("file_history"))
        {
            for (var i = 0; i < files.Count; i++)
            {
                appender.AppendInt64(ids[i]).AppendInt64(rootId).AppendVarchar(files[i].RelativePath).AppendVarchar(files[i].SourceHash).AppendInt64(now);
                appender.EndRow();
            }
            appender.Close();
        }
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
