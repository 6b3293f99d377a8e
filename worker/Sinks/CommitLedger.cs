using Casparian.Native.DuckDb;

namespace Casparian.Worker.Sinks;

/// <summary>
/// The <c>_cf_commits</c> table of the database sinks (DuckDB, PostgreSQL): one row per committed
/// <c>(materialization_key, table_name)</c>, written in the same transaction as the rows, so "were these rows committed"
/// and "are they there" can never disagree. A rerun of a job whose output was committed but whose receipt was lost
/// finds its key here and commits nothing again.
/// </summary>
internal static class CommitLedger
{
    /// <summary>The ledger's table name; the reserved prefix keeps it apart from output tables.</summary>
    public const string Table = "_cf_commits";

    /// <summary>Column definitions shared by both databases (<c>TIMESTAMPTZ</c> and <c>VARCHAR</c> are valid in each).</summary>
    public const string Columns =
        "materialization_key VARCHAR NOT NULL, table_name VARCHAR NOT NULL, job_id BIGINT NOT NULL, attempt INTEGER NOT NULL, " +
        "rows BIGINT NOT NULL, committed_at TIMESTAMPTZ NOT NULL";

    public const string CreateSql = $"CREATE TABLE IF NOT EXISTS {Table} ({Columns})";

    /// <summary>The rows committed for <paramref name="target"/>'s key and table, or null when it has not been committed.</summary>
    public static long? DuckDbFind(DuckDbConnection connection, SinkTarget target)
    {
        using var find = connection.Prepare($"SELECT rows FROM {Table} WHERE materialization_key = ? AND table_name = ?");
        using var result = find.BindVarchar(1, target.MaterializationKey).BindVarchar(2, target.Table).Execute();
        var rows = result.ReadRows();
        return rows.Count == 0 ? null : Convert.ToInt64(rows[0][0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Records <paramref name="target"/>'s commit of <paramref name="rows"/> rows (inside the commit transaction).</summary>
    public static void DuckDbRecord(DuckDbConnection connection, SinkTarget target, long rows)
    {
        using var record = connection.Prepare($"INSERT INTO {Table} VALUES (?, ?, ?, ?, ?, now())");
        record.BindVarchar(1, target.MaterializationKey).BindVarchar(2, target.Table).BindInt64(3, target.JobId)
            .BindInt32(4, target.Attempt).BindInt64(5, rows).ExecuteNonQuery();
    }

    /// <summary>Forgets every commit into <paramref name="target"/>'s table (Replace mode, inside its transaction).</summary>
    public static void DuckDbForgetTable(DuckDbConnection connection, SinkTarget target)
    {
        using var forget = connection.Prepare($"DELETE FROM {Table} WHERE table_name = ?");
        forget.BindVarchar(1, target.Table).ExecuteNonQuery();
    }
}
