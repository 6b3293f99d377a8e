using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;
using Casparian.Worker.Parsers.Csv;

namespace Casparian.Worker.Tests.Parsers.Csv;

/// <summary>
/// Runs alone (see <see cref="MemoryMeasuredCollection"/>) because the managed heap is process-wide: parallel tests'
/// live objects would be counted as the parser's.
/// </summary>
[Collection(MemoryMeasuredCollection.Name)]
public sealed class CsvParserMemoryTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-csv-mem-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Two_million_rows_stream_in_bounded_memory()
    {
        const int rows = 2_000_000;
        var path = Path.Combine(_dir, "big.csv");
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
        {
            await writer.WriteLineAsync("id,user,bytes,ok,at");
            var line = new StringBuilder();
            for (var i = 0; i < rows; i++)
            {
                line.Clear().Append(i).Append(",user").Append(i % 97).Append(',').Append(i * 3L).Append(',').Append((i & 1) == 0 ? "true" : "false")
                    .Append(",2026-03-02T00:00:").Append((i % 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append('Z');
                await writer.WriteLineAsync(line);
            }
        }
        var fileBytes = new FileInfo(path).Length;
        var outputs = new CollectingOutputs(keepBatches: false, measureLiveHeap: true);
        GC.Collect();
        var clock = Stopwatch.StartNew();

        var outcome = await new CsvParser(outputs).RunAsync(ParserJobs.For(path, "big", "builtin:csv"), CancellationToken.None);

        clock.Stop();
        log.WriteLine($"{rows} rows, {fileBytes} bytes: {clock.Elapsed.TotalSeconds:F2} s ({rows / clock.Elapsed.TotalSeconds:F0} rows/s), heap peak {outputs.MaxHeapBytes} bytes");
        Assert.Equal(rows, outcome.Outputs[0].Rows);
        Assert.Equal(0, outcome.Outputs[0].QuarantinedRows);
        Assert.Equal(rows, outputs.RowCounts["big"]);
        // The file is ~90 MB; the live heap never holds more than a few batches' worth.
        Assert.True(fileBytes > 80_000_000, $"generated file is {fileBytes} bytes");
        Assert.True(outputs.MaxHeapBytes < 64_000_000, $"managed heap reached {outputs.MaxHeapBytes} bytes while parsing a {fileBytes}-byte file");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"parsing took {clock.Elapsed}");
    }
}
