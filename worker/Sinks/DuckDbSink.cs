using System.Collections.Concurrent;
using Casparian.Native.DuckDb;
using Casparian.Protocol.Arrow.Arrays;

namespace Casparian.Worker.Sinks;

/// <summary>
/// <c>duckdb://PATH</c>: rows go into a table of the DuckDB file at PATH inside one transaction, bulk-appended as data
/// chunks, and become visible at <see cref="CommitAsync"/>. DuckDB allows one writing process per file; inside this
/// process, sinks on the same file take turns (the second waits for the first to commit or abort).
/// </summary>
public sealed class DuckDbSink : IOutputSink
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriterLocks = new(StringComparer.Ordinal);

    private readonly string path;
    private SemaphoreSlim? heldLock;
    private DuckDbDatabase? database;
    private DuckDbConnection? connection;
    private DuckDbTransaction? transaction;
    private DuckDbBatchAppender? appender;
    private SinkTarget? target;

    /// <param name="path">The DuckDB database file (created if missing).</param>
    public DuckDbSink(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        this.path = Path.GetFullPath(path);
    }

    public long RowsWritten { get; private set; }

    public async Task BeginAsync(SinkTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (this.target is not null)
        {
            throw new InvalidOperationException("this sink has already begun; use one sink per job output");
        }
        target.Validate();
        var writerLock = WriterLocks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await writerLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        heldLock = writerLock;
        this.target = target;
        try
        {
            database = OpenDatabase(path);
            connection = database.Connect();
            transaction = connection.BeginTransaction();
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
                // Dropped inside the transaction: readers keep seeing the old rows until the commit.
                connection.Execute($"DROP TABLE {table}");
                exists = false;
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
        var (current, writer) = Started();
        cancellationToken.ThrowIfCancellationRequested();
        SinkColumnTypes.CheckSchema(current, batch.Schema);
        writer.Append(batch);
        RowsWritten += batch.Length;
        return Task.CompletedTask;
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        var (_, writer) = Started();
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            writer.Close();
            transaction!.Commit();
        }
        finally
        {
            await AbortAsync().ConfigureAwait(false);
        }
    }

    public Task AbortAsync()
    {
        // Disposing an uncommitted transaction rolls it back; a committed one is left alone.
        appender?.Dispose();
        appender = null;
        transaction?.Dispose();
        transaction = null;
        connection?.Dispose();
        connection = null;
        database?.Dispose();
        database = null;
        heldLock?.Release();
        heldLock = null;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await AbortAsync().ConfigureAwait(false);

    private static DuckDbDatabase OpenDatabase(string path)
    {
        try
        {
            return DuckDbDatabase.Open(path);
        }
        catch (DuckDbException e)
        {
            throw new SinkException($"cannot open the DuckDB sink file '{path}': {e.Message}; DuckDB allows one writing process per file, so send every job for this file to one worker or give each its own file", e);
        }
    }

    private (SinkTarget Target, DuckDbBatchAppender Appender) Started() =>
        target is not null && appender is not null
            ? (target, appender)
            : throw new InvalidOperationException("the DuckDB sink is not open: call BeginAsync first (and not after CommitAsync or AbortAsync)");
}
