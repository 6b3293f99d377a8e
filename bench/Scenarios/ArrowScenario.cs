using System.Diagnostics;
using System.Globalization;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Arrays.Builders;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Bench.Scenarios;

/// <summary>
/// Arrow IPC throughput: writes and reads 1 GiB of int64/float64/utf8 columns as an IPC stream in memory, beside a
/// plain memory copy of the same bytes in the same run. Reading should be near zero-copy (goal: at least half of
/// memory-copy speed); writing copies every byte once (goal: at least a quarter).
/// </summary>
internal sealed class ArrowScenario : IScenario
{
    private const int RowsPerBatch = 1 << 20;
    private const long TargetBytes = 1L << 30;
    private const int Runs = 3;

    public string Name => "arrow";

    public string Description => "Arrow IPC stream write and read of 1 GiB (int64/float64/utf8) vs a plain memory copy";

    public Task<int> RunAsync(string[] args)
    {
        var schema = new ArrowSchema([
            new ArrowField("id", ArrowType.Int64, false),
            new ArrowField("value", ArrowType.Float64, true),
            new ArrowField("name", ArrowType.Utf8, true),
        ]);
        using var ids = new PrimitiveColumnBuilder<long>(ArrowType.Int64, RowsPerBatch);
        using var values = new PrimitiveColumnBuilder<double>(ArrowType.Float64, RowsPerBatch);
        using var names = new BinaryColumnBuilder(ArrowType.Utf8, RowsPerBatch, RowsPerBatch * 16);
        Span<char> text = stackalloc char[32];
        for (var i = 0; i < RowsPerBatch; i++)
        {
            ids.Append(i);
            if (i % 100 == 99)
            {
                values.AppendNull();
                names.AppendNull();
                continue;
            }
            values.Append(i * 0.5);
            i.TryFormat(text[5..], out var digits, default, CultureInfo.InvariantCulture);
            "name-".CopyTo(text);
            names.Append(text[..(5 + digits)]);
        }
        using var batch = new RecordBatch(schema, RowsPerBatch, [ids.Build(), values.Build(), names.Build()]);
        var batchBytes = batch.Columns.Sum(c => (long)c.Values.Length + c.Offsets.Length + c.Validity.Length);
        var batches = (int)Math.Ceiling(TargetBytes / (double)batchBytes);
        Console.WriteLine($"batch: {RowsPerBatch} rows, {batchBytes / 1048576.0:0.0} MiB of column data; {batches} batches");

        var buffer = new byte[batchBytes * batches + (1 << 20)];
        var copyTarget = new byte[buffer.Length];
        long streamLength = 0;

        var writeSeconds = Best(() =>
        {
            using var output = new MemoryStream(buffer, writable: true);
            using (var writer = new ArrowStreamWriter(output, schema))
            {
                for (var b = 0; b < batches; b++)
                {
                    writer.Write(batch);
                }
            }
            streamLength = output.Position;
        });

        long rows = 0;
        var readSeconds = Best(() =>
        {
            rows = 0;
            using var reader = new ArrowStreamReader(buffer.AsMemory(0, (int)streamLength));
            while (reader.ReadNext() is { } read)
            {
                rows += read.Length;
                read.Dispose();
            }
        });
        if (rows != (long)RowsPerBatch * batches)
        {
            Console.Error.WriteLine($"read {rows} rows, expected {(long)RowsPerBatch * batches}");
            return Task.FromResult(1);
        }

        var copySeconds = Best(() => buffer.AsSpan(0, (int)streamLength).CopyTo(copyTarget));

        var mib = streamLength / 1048576.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stream: {mib:0.0} MiB, {rows} rows; write {writeSeconds * 1000:0.0} ms, read {readSeconds * 1000:0.0} ms, memory copy {copySeconds * 1000:0.0} ms"));
        BenchReport.Line("arrow-write", mib / writeSeconds, mib / copySeconds, "MiB/s", "memory copy", 0.25);
        BenchReport.Line("arrow", mib / readSeconds, mib / copySeconds, "MiB/s", "memory copy", 0.5);
        return Task.FromResult(0);
    }

    // Best of a few runs, after one warm-up, so page faults and JIT do not count.
    private static double Best(Action action)
    {
        action();
        var best = double.MaxValue;
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return best;
    }
}
