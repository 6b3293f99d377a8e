using Casparian.Protocol.Plugins;

namespace Casparian.Worker.Tests.Runtimes.PythonShim;

/// <summary>
/// The NDJSON control frames the shim writes on stderr, exactly: hello first, output_begin with the schema hash C#
/// computes for the same schema file, output_end with the row count, row_error, progress and warning frames, the
/// error frame of a failing plugin, and streams that never interleave.
/// </summary>
public sealed class PythonShimFrameTests
{
    private const string CountSchema = """{"columns":[{"name":"n","type":"int64","nullable":false}]}""";

    [Fact]
    public async Task The_frames_are_exactly_hello_output_begin_with_the_CSharp_schema_hash_row_errors_and_output_end()
    {
        const string plugin = """
            def parse(input_path, ctx):
                out = ctx.output("counts")
                out.write({"n": 1})
                ctx.row_error("counts", "demo.bad_line", column="n", raw="x,y", line=7)
                out.write({"n": None})
                out.write(("seven",))
                out.write((2,))
                ctx.progress(2, 40)
                ctx.warning("half way")
                print("printed by the plugin")
            """;
        using var bundle = TestBundle.Create(plugin, new Dictionary<string, string> { ["counts"] = CountSchema, ["unused"] = CountSchema });
        var run = await bundle.RunAsync();

        Assert.True(run.ExitCode == 0, run.Stderr);
        var hash = OutputSchema.Parse(File.ReadAllText(bundle.SchemaPath("counts"))).Hash;
        string[] expected =
        [
            """{"type":"hello","protocol_version":1,"plugin":"test-plugin","version":"0.1.0"}""",
            $$"""{"type":"output_begin","output":"counts","schema_hash":"{{hash}}"}""",
            """{"type":"row_error","output":"counts","reason":"demo.bad_line","column":"n","raw":"x,y","line":7}""",
            """{"type":"row_error","output":"counts","reason":"null.not_nullable","column":"n","raw":null}""",
            """{"type":"row_error","output":"counts","reason":"type.int64","column":"n","raw":"seven"}""",
            """{"type":"progress","rows":2,"bytes":40}""",
            """{"type":"warning","message":"half way"}""",
            """{"type":"warning","message":"printed by the plugin"}""",
            """{"type":"output_end","output":"counts","rows":2}""",
            $$"""{"type":"output_begin","output":"unused","schema_hash":"{{hash}}"}""",
            """{"type":"output_end","output":"unused","rows":0}""",
        ];
        Assert.Equal(expected, run.Frames.Select(f => f.ToJsonString()));
        var streams = run.ReadStreams();
        Assert.Equal([[1L], [2L]], streams[0].Rows);
        Assert.Empty(streams[1].Rows);
    }

    [Fact]
    public async Task The_schema_hash_matches_CSharp_for_formatted_json_and_non_NFC_names()
    {
        // "Zeit_ü" with a combining diaeresis (NFD), spread over lines: the hash must be that of the NFC canonical form.
        const string schema = "{\n  \"columns\" : [ { \"nullable\": true, \"type\": \"utf8\", \"name\": \"Zeit_u\\u0308\" },\n {\"name\":\"日付\",\"type\":\"date\",\"nullable\":false} ]\n}\n";
        const string plugin = "def parse(input_path, ctx):\n    pass\n";
        using var bundle = TestBundle.Create(plugin, new Dictionary<string, string> { ["odd"] = schema });
        var run = await bundle.RunAsync();

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(OutputSchema.Parse(schema).Hash, (string)Assert.Single(run.FramesOf("output_begin"))["schema_hash"]!);
    }

    [Fact]
    public async Task Outputs_written_alternately_are_streamed_one_after_the_other_never_interleaved()
    {
        const string plugin = """
            def parse(input_path, ctx):
                a, b, c = ctx.output("a"), ctx.output("b"), ctx.output("c")
                a.write((1,))
                b.write((10,))
                a.write((2,))
                a.close()
                b.write((20,))
                c.write((100,))
                b.write((30,))
            """;
        using var bundle = TestBundle.Create(plugin, new Dictionary<string, string> { ["a"] = CountSchema, ["b"] = CountSchema, ["c"] = CountSchema });
        var run = await bundle.RunAsync();

        Assert.True(run.ExitCode == 0, run.Stderr);
        string[] expected = ["hello", "output_begin a", "output_end a 2", "output_begin b", "output_end b 3", "output_begin c", "output_end c 1"];
        Assert.Equal(expected, run.Frames.Select(f => $"{f["type"]} {f["output"]} {f["rows"]}".TrimEnd()));
        Assert.Equal([[[1L], [2L]], [[10L], [20L], [30L]], [[100L]]], run.ReadStreams().Select(s => s.Rows.ToArray()).ToArray());
    }

    [Fact]
    public async Task A_PluginError_becomes_an_error_frame_with_its_code_and_message_and_a_non_zero_exit()
    {
        const string plugin = """
            import casparian_shim

            def parse(input_path, ctx):
                ctx.output("counts").write((1,))
                raise casparian_shim.PluginError("demo.bad_input", "the input is not a demo file; give it one")
            """;
        using var bundle = TestBundle.Create(plugin, new Dictionary<string, string> { ["counts"] = CountSchema });
        var run = await bundle.RunAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("hello", run.FrameTypes[0]);
        Assert.Equal("""{"type":"error","code":"demo.bad_input","message":"the input is not a demo file; give it one"}""", run.Frames[^1].ToJsonString());
        Assert.Empty(run.FramesOf("output_end"));
    }

    [Fact]
    public async Task Any_other_exception_becomes_an_error_frame_with_the_tracebacks_last_line_and_a_non_zero_exit()
    {
        const string plugin = """
            def parse(input_path, ctx):
                with open(input_path) as f:
                    int(f.read())
            """;
        using var bundle = TestBundle.Create(plugin, new Dictionary<string, string> { ["counts"] = CountSchema });
        var run = await bundle.RunAsync(bundle.Input("forty-two"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("hello", run.FrameTypes[0]);
        Assert.Equal("error", run.FrameTypes[^1]);
        Assert.Equal("plugin.exception", (string)run.Frames[^1]["code"]!);
        Assert.Equal("ValueError: invalid literal for int() with base 10: 'forty-two'", (string)run.Frames[^1]["message"]!);
        // The whole traceback is kept for the job's log, as warnings before the error.
        Assert.Contains(run.FramesOf("warning"), f => ((string)f["message"]!).Contains("line 3, in parse", StringComparison.Ordinal));
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task A_bundle_whose_schema_breaks_the_rules_says_hello_then_an_error_naming_the_file()
    {
        const string schema = """{"columns":[{"name":"_cf_job_id","type":"utf8","nullable":true}]}""";
        using var bundle = TestBundle.Create("def parse(input_path, ctx):\n    pass\n", new Dictionary<string, string> { ["bad"] = schema });
        var run = await bundle.RunAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(["hello", "error"], run.FrameTypes);
        var message = (string)run.Frames[1]["message"]!;
        Assert.Contains("bad.json", message, StringComparison.Ordinal);
        Assert.Contains("_cf_", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_frame_is_one_json_line_of_at_most_64_KiB_even_for_a_huge_raw_value()
    {
        const string plugin = """
            def parse(input_path, ctx):
                ctx.row_error("counts", "demo.too_long", raw="é" * 200000, line=1)
            """;
        using var bundle = TestBundle.Create(plugin, new Dictionary<string, string> { ["counts"] = CountSchema });
        var run = await bundle.RunAsync();

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.All(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) + 1 <= 64 * 1024));
        var rowError = Assert.Single(run.FramesOf("row_error"));
        Assert.StartsWith("éééé", (string)rowError["raw"]!, StringComparison.Ordinal);
        Assert.Equal(1, (int)rowError["line"]!);
    }
}
