using Casparian.Native.DuckDb;
using Casparian.Protocol.Arrow.Arrays;

namespace Casparian.Worker.Sinks;

/// <summary>
/// <c>duckdb://PATH</c>: rows go into a table of the DuckDB file at PATH inside one transaction, bulk-appended as data
/// chunks, and become visible at <see cref="CommitAsync"/> together with the output's <c>_cf_commits</c> ledger row.
/// DuckDB allows one writing process per file; inside this process, the jobs writing one file take turns (see
/// <see cref="SinkScope"/>), while the sinks of one job share the file's instance and write side by side.
/// </summary>
public sealed class DuckDbSink : IOutputSink
{
    private readonly string path;
    private readonly SinkScope scope;
    private readonly bool ownsScope;
    private DuckDbConnection? connection;
    private DuckDbTransaction? transaction;
    private DuckDbBatchAppender? appender;
    private SinkTarget? target;

    /// <param name="path">The DuckDB database file (created if missing).</param>
    /// <param name="scope">The job's scope; null gives the sink a scope of its own, closed when the sink finishes.</param>
    public DuckDbSink(string path, SinkScope? scope = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        this.path = Path.GetFullPath(path);
        ownsScope = scope is null;
        this.scope = scope ?? new SinkScope();
    }

    public long RowsWritten { get; private set; }

    public bool AlreadyCommitted { get; private set; }

    public async Task BeginAsync(SinkTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (this.target is not null)
        {
            throw new InvalidOperationException("this sink has already begun; use one sink per job output");
        }
        target.Validate();
        this.target = target;
        try
        {
            var database = await scope.DuckDbAsync(path, cancellationToken).ConfigureAwait(false);
            connection = database.Connect();
            // Created outside the data transaction: two sinks of one job each creating it inside theirs would conflict.
            connection.Execute(CommitLedger.CreateSql);
            transaction = connection.BeginTransaction();
            if (CommitLedger.DuckDbFind(connection, target) is { } committed)
            {
                AlreadyCommitted = true;
                RowsWritten = committed;
                Release();
                return;
            }
            var table = SinkColumnTypes.Quote(target.Table);
            var exists = Convert.ToInt64(connection.ExecuteScalar(
                $"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = {SinkColumnTypes.Literal(target.Table)}"),
                System.Globalization.CultureInfo.InvariantCulture) > 0;
            if (exists && target.Mode == SinkMode.Error && connection.ExecuteScalar($"SELECT 1 FROM {table} LIMIT 1") is not null)
            {
                throw SinkTargetNotEmptyException.For($"table '{target.Table}' in {path}");
            }
            if (exists && target.Mode == SinkMode.Replace)
            {
                // Dropped inside the transaction: readers keep seeing the old rows (and ledger) until the commit.
                connection.Execute($"DROP TABLE {table}");
                exists = false;
            }
            if (target.Mode == SinkMode.Replace)
            {
                CommitLedger.DuckDbForgetTable(connection, target);
            }
            if (!exists)
            {
                var columns = target.Schema.Fields.Select(f => $"{SinkColumnTypes.Quote(f.Name)} {SinkColumnTypes.DuckDbSql(f)}");
                connection.Execute($"CREATE TABLE {table} ({string.Join(", ", columns)})");
            }
            appender = new DuckDbBatchAppender(connection, target.Table, target.Schema);
        }
        catch
        {
            await AbortAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (AlreadyCommitted)
        {
            return Task.CompletedTask;
        }
        var (current, writer) = Started();
        cancellationToken.ThrowIfCancellationRequested();
        SinkColumnTypes.CheckSchema(current, batch.Schema);
        writer.Append(batch);
        RowsWritten += batch.Length;
        return Task.CompletedTask;
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (AlreadyCommitted)
        {
            return;
        }
        var (current, writer) = Started();
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            writer.Close();
            CommitLedger.DuckDbRecord(connection!, current, RowsWritten);
            transaction!.Commit();
        }
        finally
        {
            await AbortAsync().ConfigureAwait(false);
        }
    }

    public Task AbortAsync()
    {
        Release();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await AbortAsync().ConfigureAwait(false);

    private void Release()
    {
        // Disposing an uncommitted transaction rolls it back; a committed one is left alone.
        appender?.Dispose();
        appender = null;
        transaction?.Dispose();
        transaction = null;
        connection?.Dispose();
        connection = null;
        if (ownsScope)
        {
            scope.Dispose();
        }
    }

    private (SinkTarget Target, DuckDbBatchAppender Appender) Started() =>
        target is not null && appender is not null
            ? (target, appender)
            : throw new InvalidOperationException("the DuckDB sink is not open: call BeginAsync first (and not after CommitAsync or AbortAsync)");
}
