using Casparian.Protocol.Arrow.Arrays;
using Casparian.Worker.Parsers;
using Casparian.Worker.Sinks;

namespace Casparian.Worker.Outputs;

/// <summary>One opened table of a job and the sink it streams into.</summary>
internal sealed class TableSink(string table, string sinkUri, IOutputSink sink) : ITableWriter
{
    public string Table { get; } = table;

    public bool Committed { get; private set; }

    public long? AlreadyCommittedRows => sink.AlreadyCommitted ? sink.RowsWritten : null;

    public void Begin(SinkTarget target) => SinkCalls.Run(() => sink.BeginAsync(target), Table, sinkUri);

    public void Write(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (sink.AlreadyCommitted)
        {
            return;
        }
        // Every sink copies the batch (into a DuckDB chunk, a file or the COPY buffer) before its task completes, and the
        // call blocks until then, so the parser may reuse the batch's memory when this returns.
        SinkCalls.Run(() => sink.WriteAsync(batch), Table, sinkUri);
    }

    public void Commit()
    {
        SinkCalls.Run(() => sink.CommitAsync(), Table, sinkUri);
        Committed = true;
    }

    /// <summary>Releases the sink; an uncommitted one is aborted, leaving nothing visible.</summary>
    public void Release() => SinkCalls.Run(() => sink.DisposeAsync().AsTask(), Table, sinkUri);
}
