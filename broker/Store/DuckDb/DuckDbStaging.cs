using Casparian.Native.DuckDb;

namespace Casparian.Broker.Store.DuckDb;

/// <summary>
/// Temp tables the writer fills with the appender, so a group's rows reach its statements without any SQL text per row.
/// Statements are prepared per use on purpose: DuckDB folds constant filters with the table statistics it sees at
/// prepare time (a cached <c>WHERE state IN (0)</c> prepared while no job was Queued returns nothing forever after).
/// </summary>
internal sealed class DuckDbStaging
{
    public const string Requests = "stage_requests";
    public const string Jobs = "stage_jobs";
    public const string Materializations = "stage_materializations";
    public const string Files = "stage_files";

    private readonly DuckDbConnection _connection;

    public DuckDbStaging(DuckDbConnection connection)
    {
        _connection = connection;
        connection.Execute($"""
                            CREATE TEMP TABLE {Requests} (id BIGINT, worker VARCHAR, reason VARCHAR);
                            CREATE TEMP TABLE {Jobs} (id BIGINT, k VARCHAR, s VARCHAR, p VARCHAR, pr INTEGER, nb BIGINT, pl VARCHAR);
                            CREATE TEMP TABLE {Materializations} (k VARCHAR, t VARCHAR, s VARCHAR, a VARCHAR, j BIGINT, n BIGINT);
                            CREATE TEMP TABLE {Files} (p VARCHAR, h VARCHAR, n BIGINT);
                            """);
    }

    /// <summary>Prepares <paramref name="sql"/> against the current statistics; the caller disposes it.</summary>
    public DuckDbPreparedStatement Prepare(string sql) => _connection.Prepare(sql);

    /// <summary>Empties a staging table (inside the group's transaction, so a rollback also restores it).</summary>
    public void Clear(string table) => _connection.Execute($"DELETE FROM {table}");

    /// <summary>
    /// Appends rows to a staging table, or to any table of the open transaction (constraints are checked when the
    /// appender flushes); <paramref name="fill"/> appends each row's columns.
    /// </summary>
    public void Fill<T>(string table, IEnumerable<T> rows, Action<DuckDbAppender, T> fill)
    {
        using var appender = _connection.CreateAppender(table);
        foreach (var row in rows)
        {
            fill(appender, row);
            appender.EndRow();
        }
        appender.Close();
    }
}
