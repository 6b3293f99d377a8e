using System.Diagnostics;
using Casparian.Protocol.Arrow.Json;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Protocol.Plugins;
using Casparian.Testing;

namespace Casparian.Worker.Tests.Runtimes.PythonShim;

/// <summary>
/// The Arrow IPC the shim writes on stdout, read back value by value by our reader and by an independent one (the
/// npm apache-arrow package), for every output column type, with nulls, several batches and empty outputs.
/// </summary>
public sealed class PythonShimArrowTests
{
    private const string TypedSchema = """
        {"columns":[
          {"name":"i","type":"int64","nullable":true},{"name":"f","type":"float64","nullable":true},
          {"name":"b","type":"bool","nullable":true},{"name":"s","type":"utf8","nullable":true},
          {"name":"bin","type":"binary","nullable":true},{"name":"ts","type":"timestamp","nullable":true},
          {"name":"d","type":"date","nullable":true}]}
        """;

    private const string TypedPlugin = """
        import datetime
        UTC = datetime.timezone.utc

        def parse(input_path, ctx):
            out = ctx.output("typed")
            out.write({"i": 1, "f": 1.5, "b": True, "s": "héllo ✓", "bin": b"\x00\xff",
                       "ts": datetime.datetime(2026, 3, 5, 0, 0, 24, 123456, tzinfo=UTC), "d": datetime.date(2026, 3, 5)})
            out.write((None, None, None, None, None, None, None))
            # Extremes; a naive datetime is UTC.
            out.write((-2**63, -1e300, False, "", b"", datetime.datetime(1969, 12, 31, 23, 59, 59, 999999), datetime.date(1, 1, 1)))
            # An aware datetime is converted to UTC; an int is a valid float64.
            out.write({"i": 2**63 - 1, "f": 7, "ts": datetime.datetime(2026, 3, 5, 2, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))})
        """;

    private static readonly object?[][] TypedRows =
    [
        [1L, 1.5, true, "héllo ✓", new byte[] { 0x00, 0xFF }, Micros(new DateTimeOffset(2026, 3, 5, 0, 0, 24, TimeSpan.Zero)) + 123_456, Days(new DateOnly(2026, 3, 5))],
        [null, null, null, null, null, null, null],
        [long.MinValue, -1e300, false, "", Array.Empty<byte>(), -1L, Days(DateOnly.MinValue)],
        [long.MaxValue, 7.0, null, null, null, Micros(new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero)), null],
    ];

    [Fact]
    public async Task Every_column_type_and_null_reads_back_value_by_value_with_our_reader()
    {
        using var bundle = TestBundle.Create(TypedPlugin, new Dictionary<string, string> { ["typed"] = TypedSchema });
        var run = await bundle.RunAsync();

        Assert.True(run.ExitCode == 0, run.Stderr);
        var stream = Assert.Single(run.ReadStreams());
        AssertDeclares(TypedSchema, stream.Schema);
        Assert.Equal(TypedRows, stream.Rows);
    }

    [Fact]
    public async Task Apache_arrow_js_reads_every_column_type_and_null_as_the_same_values()
    {
        using var bundle = TestBundle.Create(TypedPlugin, new Dictionary<string, string> { ["typed"] = TypedSchema });
        var run = await bundle.RunAsync();
        Assert.True(run.ExitCode == 0, run.Stderr);

        var seenByJs = ReadWithApacheArrowJs(Assert.Single(run.ReadStreams()).Bytes, bundle.Directory);

        AssertDeclares(TypedSchema, seenByJs.Schema);
        Assert.Equal(TypedRows, seenByJs.Batches.SelectMany(ArrowValues.Rows).ToList());
    }

    [Fact]
    public async Task Large_outputs_are_cut_into_batches_of_16384_rows_and_keep_every_row_in_order()
    {
        const string plugin = """
            def parse(input_path, ctx):
                out = ctx.output("numbers")
                for i in range(40000):
                    out.write((i, None if i % 3 == 0 else f"v{i}"))
            """;
        const string schema = """{"columns":[{"name":"n","type":"int64","nullable":false},{"name":"s","type":"utf8","nullable":true}]}""";
        using var bundle = TestBundle.Create(plugin, new Dictionary<string, string> { ["numbers"] = schema });
        var run = await bundle.RunAsync();

        Assert.True(run.ExitCode == 0, run.Stderr);
        var stream = Assert.Single(run.ReadStreams());
        Assert.Equal(3, stream.Batches);
        Assert.Equal(Enumerable.Range(0, 40000).Select(i => new object?[] { (long)i, i % 3 == 0 ? null : $"v{i}" }), stream.Rows);
        Assert.Equal(40000, (int)Assert.Single(run.FramesOf("output_end"))["rows"]!);
    }

    [Fact]
    public async Task A_declared_output_the_plugin_never_writes_is_an_empty_stream_that_both_readers_accept()
    {
        const string plugin = """
            def parse(input_path, ctx):
                ctx.output("quiet")
            """;
        using var bundle = TestBundle.Create(plugin, new Dictionary<string, string> { ["quiet"] = TypedSchema });
        var run = await bundle.RunAsync();

        Assert.True(run.ExitCode == 0, run.Stderr);
        var stream = Assert.Single(run.ReadStreams());
        AssertDeclares(TypedSchema, stream.Schema);
        Assert.Empty(stream.Rows);
        Assert.Equal(0, (int)Assert.Single(run.FramesOf("output_end"))["rows"]!);
        var seenByJs = ReadWithApacheArrowJs(stream.Bytes, bundle.Directory);
        AssertDeclares(TypedSchema, seenByJs.Schema);
        Assert.Empty(seenByJs.Batches.SelectMany(ArrowValues.Rows));
    }

    /// <summary>The Arrow schema read has exactly the declared columns (names, types, nullability, order).</summary>
    private static void AssertDeclares(string schemaJson, ArrowSchema read) =>
        Assert.Equal(OutputSchema.Parse(schemaJson).CanonicalJson, OutputSchema.FromArrowSchema(read).CanonicalJson);

    private static long Micros(DateTimeOffset at) => at.ToUnixTimeMilliseconds() * 1000;

    private static long Days(DateOnly day) => day.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>Reads one Arrow IPC stream with tests/interop/read-arrow.mjs (npm apache-arrow).</summary>
    private static ArrowJsonFile ReadWithApacheArrowJs(byte[] stream, string scratch)
    {
        var interop = Path.Combine(RepoPaths.Root, "tests", "interop");
        if (!Directory.Exists(Path.Combine(interop, "node_modules", "apache-arrow")))
        {
            throw new InvalidOperationException("tests/interop/node_modules/apache-arrow is missing: run eng/deps.sh (it runs npm ci there)");
        }
        var path = Path.Combine(scratch, "stream.arrows");
        File.WriteAllBytes(path, stream);
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(interop, "read-arrow.mjs"));
        info.ArgumentList.Add(path);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node read-arrow.mjs {path} did not finish within a minute");
        }
        Assert.True(process.ExitCode == 0, $"apache-arrow could not read the shim's stream: {stderr.Result}");
        stdout.Position = 0;
        return IntegrationJsonReader.Read(stdout);
    }
}
