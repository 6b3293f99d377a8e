using Casparian.Native.DuckDb;
using Casparian.Protocol.Arrow.Arrays;

namespace Casparian.Worker.Sinks;

/// <summary>
/// <c>parquet://DIR</c>: one Parquet file per materialization in <c>DIR/{table}/{materialization_key}.parquet</c>. Rows are gathered in an in-memory
/// DuckDB table (through the same data-chunk path as the DuckDB sink), written by DuckDB's Parquet writer to a hidden
/// temporary file at commit, fsynced and renamed into place.
/// </summary>
public sealed class ParquetSink : IOutputSink
{
    private const string StagingTable = "cf_output";
    private readonly string root;
    private DuckDbDatabase? database;
    private DuckDbConnection? connection;
    private DuckDbBatchAppender? appender;
    private SinkTarget? target;
    private StagedFile? file;

    /// <param name="root">The folder outputs go under (created if missing).</param>
    public ParquetSink(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        this.root = root;
    }

    public long RowsWritten { get; private set; }

    public bool AlreadyCommitted { get; private set; }

    /// <summary>The committed file, once <see cref="CommitAsync"/> has returned.</summary>
    public string? CommittedPath { get; private set; }

    public Task BeginAsync(SinkTarget target, CancellationToken cancellationToken = default)
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
            file = StagedFile.Prepare(root, target, "parquet");
            if (file.AlreadyCommitted)
            {
                AlreadyCommitted = true;
                RowsWritten = CommittedFileRows.Parquet(file.FinalPath);
                CommittedPath = file.FinalPath;
                Release();
                return Task.CompletedTask;
            }
            database = DuckDbDatabase.Open();
            connection = database.Connect();
            var columns = target.Schema.Fields.Select(f => $"{SinkColumnTypes.Quote(f.Name)} {SinkColumnTypes.DuckDbSql(f)}");
            connection.Execute($"CREATE TABLE {StagingTable} ({string.Join(", ", columns)})");
            appender = new DuckDbBatchAppender(connection, StagingTable, target.Schema);
        }
        catch
        {
            Release();
            throw;
        }
        return Task.CompletedTask;
    }

    public Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (AlreadyCommitted)
        {
            return Task.CompletedTask;
        }
        if (target is null || appender is null)
        {
            throw new InvalidOperationException("the Parquet sink is not open: call BeginAsync first (and not after CommitAsync or AbortAsync)");
        }
        cancellationToken.ThrowIfCancellationRequested();
        SinkColumnTypes.CheckSchema(target, batch.Schema);
        appender.Append(batch);
        RowsWritten += batch.Length;
        return Task.CompletedTask;
    }

    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (AlreadyCommitted)
        {
            return Task.CompletedTask;
        }
        if (target is null || appender is null || file is null || connection is null)
        {
            throw new InvalidOperationException("the Parquet sink is not open: call BeginAsync first (and not after CommitAsync or AbortAsync)");
        }
        try
        {
            appender.Close();
            cancellationToken.ThrowIfCancellationRequested();
            connection.Execute($"COPY {StagingTable} TO {SinkColumnTypes.Literal(file.TempPath)} (FORMAT parquet)");
            using (var written = new FileStream(file.TempPath, FileMode.Open, FileAccess.ReadWrite))
            {
                written.Flush(flushToDisk: true);
            }
            file.Publish(target.Mode);
            CommittedPath = file.FinalPath;
        }
        finally
        {
            Release();
        }
        return Task.CompletedTask;
    }

    public Task AbortAsync()
    {
        Release();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Release();
        return ValueTask.CompletedTask;
    }

    private void Release()
    {
        appender?.Dispose();
        appender = null;
        connection?.Dispose();
        connection = null;
        database?.Dispose();
        database = null;
        file?.Discard();
        file = null;
    }
}
