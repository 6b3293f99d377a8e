namespace Casparian.Worker.Tests.Runtimes.PythonShim;

/// <summary>
/// Rows a plugin writes that do not fit the declared schema are never dropped silently: each becomes a row_error
/// naming the column's type, the column and the raw value (so it lands in the quarantine table), and the rows that
/// fit still stream. A row shaped unlike the schema is a plugin bug and fails the job.
/// </summary>
public sealed class PythonShimContractTests
{
    private const string TypedSchema = """
        {"columns":[
          {"name":"i","type":"int64","nullable":true},{"name":"f","type":"float64","nullable":true},
          {"name":"b","type":"bool","nullable":true},{"name":"s","type":"utf8","nullable":true},
          {"name":"bin","type":"binary","nullable":true},{"name":"ts","type":"timestamp","nullable":true},
          {"name":"d","type":"date","nullable":true}]}
        """;

    [Fact]
    public async Task A_value_of_the_wrong_type_becomes_a_row_error_with_its_column_and_raw_value_and_good_rows_still_stream()
    {
        const string plugin = """
            import datetime

            def parse(input_path, ctx):
                out = ctx.output("typed")
                out.write({"i": True})
                out.write({"f": "1.5"})
                out.write({"b": 1})
                out.write({"s": b"bytes"})
                out.write({"bin": "text"})
                out.write({"ts": "2026-03-05"})
                out.write({"d": datetime.datetime(2026, 3, 5)})
                out.write({"i": 2**63})
                out.write({"i": 5})
            """;
        using var bundle = TestBundle.Create(plugin, new Dictionary<string, string> { ["typed"] = TypedSchema });
        var run = await bundle.RunAsync();

        Assert.True(run.ExitCode == 0, run.Stderr);
        string[] expected =
        [
            "type.int64 i True", "type.float64 f 1.5", "type.bool b 1", "type.utf8 s bytes", "type.binary bin text",
            "type.timestamp ts 2026-03-05", "type.date d 2026-03-05 00:00:00", "type.int64 i 9223372036854775808",
        ];
        Assert.Equal(expected, run.FramesOf("row_error").Select(f => $"{f["reason"]} {f["column"]} {f["raw"]}"));
        Assert.All(run.FramesOf("row_error"), f => Assert.Equal("typed", (string)f["output"]!));
        Assert.Equal([[5L, null, null, null, null, null, null]], Assert.Single(run.ReadStreams()).Rows);
        Assert.Equal(1, (int)Assert.Single(run.FramesOf("output_end"))["rows"]!);
    }

    [Theory]
    [InlineData("{\"nope\": 1}", "plugin.unknown_column")]
    [InlineData("(1, 2)", "plugin.row_width")]
    [InlineData("42", "plugin.row_type")]
    public async Task A_row_shaped_unlike_the_schema_fails_the_job_with_an_error_frame(string row, string code)
    {
        var plugin = $"def parse(input_path, ctx):\n    ctx.output(\"typed\").write({row})\n";
        using var bundle = TestBundle.Create(plugin, new Dictionary<string, string> { ["typed"] = TypedSchema });
        var run = await bundle.RunAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("error", run.FrameTypes[^1]);
        Assert.Equal(code, (string)run.Frames[^1]["code"]!);
    }

    [Fact]
    public async Task Writing_to_an_output_the_bundle_does_not_declare_fails_the_job_naming_it()
    {
        const string plugin = "def parse(input_path, ctx):\n    ctx.output(\"elsewhere\").write((1,))\n";
        using var bundle = TestBundle.Create(plugin, new Dictionary<string, string> { ["typed"] = TypedSchema });
        var run = await bundle.RunAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("plugin.unknown_output", (string)run.Frames[^1]["code"]!);
        Assert.Contains("'elsewhere'", (string)run.Frames[^1]["message"]!, StringComparison.Ordinal);
    }
}
