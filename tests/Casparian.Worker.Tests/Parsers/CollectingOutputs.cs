using System.Text;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Worker.Execution;
using Casparian.Worker.Parsers;

namespace Casparian.Worker.Tests.Parsers;

/// <summary>
/// Job outputs kept in memory as Arrow IPC streams (so every batch goes through our writer and reader, as it would
/// to a sink) and read back once the parser completes. With <c>measureLiveHeap</c> it also samples the live managed
/// heap (after a full collection) at every batch, which is what "bounded memory" means: garbage awaiting the next
/// gen0 collection and other tests' allocations would otherwise make the peak depend on GC timing.
/// </summary>
internal sealed class CollectingOutputs : IJobOutputs, IJobOutputsFactory
{
    private readonly Dictionary<string, (MemoryStream Stream, ArrowStreamWriter? Writer, Counter Counter)> _open = new(StringComparer.Ordinal);
    private readonly bool _keepBatches;
    private readonly bool _measureLiveHeap;

    public CollectingOutputs(bool keepBatches = true, bool measureLiveHeap = false)
    {
        _keepBatches = keepBatches;
        _measureLiveHeap = measureLiveHeap;
    }

    public Dictionary<string, List<RecordBatch>> Tables { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> RowCounts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ArrowSchema> Schemas { get; } = new(StringComparer.Ordinal);

    public bool Completed { get; private set; }

    /// <summary>The largest live managed heap seen at a batch boundary (only with <c>measureLiveHeap</c>).</summary>
    public long MaxHeapBytes { get; private set; }

    private void SampleHeap()
    {
        if (_measureLiveHeap)
        {
            MaxHeapBytes = Math.Max(MaxHeapBytes, GC.GetTotalMemory(forceFullCollection: true));
        }
    }

    public IJobOutputs Create(JobContext job) => this;

    public ITableWriter Open(string table, ArrowSchema schema)
    {
        var stream = new MemoryStream();
        var counter = new Counter(this, table, _keepBatches ? new ArrowStreamWriter(stream, schema) : null);
        _open.Add(table, (stream, counter.Writer, counter));
        Schemas[table] = schema;
        RowCounts[table] = 0;
        return counter;
    }

    public void Complete()
    {
        foreach (var (table, (stream, writer, _)) in _open)
        {
            if (writer is null)
            {
                continue;
            }
            writer.Finish();
            using var reader = new ArrowStreamReader(stream.ToArray());
            Tables[table] = [.. reader.ReadAll()];
        }
        Completed = true;
    }

    public void Dispose()
    {
    }

    /// <summary>All values of a column across a table's batches, as text (null for nulls).</summary>
    public List<string?> Column(string table, string column)
    {
        var result = new List<string?>();
        foreach (var batch in Tables[table])
        {
            var index = batch.Schema.Fields.ToList().FindIndex(f => f.Name == column);
            Assert.True(index >= 0, $"table {table} has no column {column}");
            var array = batch.Columns[index];
            for (var i = 0; i < batch.Length; i++)
            {
                result.Add(!array.IsValid(i) ? null : array.Type.Id switch
                {
                    ArrowTypeId.Utf8 => Encoding.UTF8.GetString(array.Bytes(i)),
                    ArrowTypeId.Bool => array.Bool(i) ? "true" : "false",
                    ArrowTypeId.FloatingPoint => BitConverter.ToDouble(array.Values.Span[(i * 8)..]).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                    ArrowTypeId.Timestamp => DateTimeOffset.UnixEpoch.AddTicks(array.Int(i) * 10).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture),
                    _ => array.Int(i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }
        return result;
    }

    private sealed class Counter(CollectingOutputs owner, string table, ArrowStreamWriter? writer) : ITableWriter
    {
        public ArrowStreamWriter? Writer { get; } = writer;

        public void Write(RecordBatch batch)
        {
            Assert.Equal(owner.Schemas[table].Fields.Count, batch.Columns.Count);
            owner.RowCounts[table] += batch.Length;
            Writer?.Write(batch);
            owner.SampleHeap();
        }
    }
}
