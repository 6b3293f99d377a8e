using System.Text;
using Casparian.Protocol.Arrow.Arrays;

namespace Casparian.Worker.Sinks;

/// <summary>
/// <c>csv://DIR</c>: one RFC 4180 CSV file (UTF-8, header row, CRLF) per materialization in
/// <c>DIR/{table}/{materialization_key}.csv</c>, streamed
/// to a hidden temporary file and renamed into place at commit (see <see cref="StagedFile"/>).
/// </summary>
public sealed class CsvSink : IOutputSink
{
    private const int BufferBytes = 1 << 20;
    private readonly string root;
    private SinkTarget? target;
    private StagedFile? file;
    private FileStream? stream;
    private StreamWriter? writer;

    /// <param name="root">The folder outputs go under (created if missing).</param>
    public CsvSink(string root)
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
        foreach (var field in target.Schema.Fields)
        {
            // Fails early, naming the column, for types no sink stores.
            _ = SinkColumnTypes.DuckDb(field);
        }
        this.target = target;
        try
        {
            file = StagedFile.Prepare(root, target, "csv");
            if (file.AlreadyCommitted)
            {
                AlreadyCommitted = true;
                RowsWritten = CommittedFileRows.Csv(file.FinalPath);
                CommittedPath = file.FinalPath;
                Release();
                return Task.CompletedTask;
            }
            stream = new FileStream(file.TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes);
            writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferBytes);
            CsvFieldWriter.WriteHeader(writer, target.Schema);
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
        if (target is null || writer is null)
        {
            throw new InvalidOperationException("the CSV sink is not open: call BeginAsync first (and not after CommitAsync or AbortAsync)");
        }
        cancellationToken.ThrowIfCancellationRequested();
        SinkColumnTypes.CheckSchema(target, batch.Schema);
        CsvFieldWriter.WriteRows(writer, batch);
        RowsWritten += batch.Length;
        return Task.CompletedTask;
    }

    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (AlreadyCommitted)
        {
            return Task.CompletedTask;
        }
        if (target is null || writer is null || stream is null || file is null)
        {
            throw new InvalidOperationException("the CSV sink is not open: call BeginAsync first (and not after CommitAsync or AbortAsync)");
        }
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.Flush();
            stream.Flush(flushToDisk: true);
            writer.Dispose();
            writer = null;
            stream = null;
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
        writer?.Dispose();
        writer = null;
        stream?.Dispose();
        stream = null;
        file?.Discard();
        file = null;
    }
}
