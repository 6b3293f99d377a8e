using Casparian.Protocol.Plugins;
using Casparian.Testing;

namespace Casparian.Worker.Tests.Runtimes.PythonShim;

/// <summary>The demo's syslog plugin bundle (fixtures/plugins/syslog) on the demo corpus, through the shim.</summary>
public sealed class SyslogPluginTests
{
    private static readonly string Bundle = RepoPaths.Fixture("plugins", "syslog");

    [Fact]
    public async Task The_demo_auth_log_gives_248_rows_and_2_row_errors_with_their_raw_lines()
    {
        var bundle = PluginBundle.Load(Bundle);
        var run = await ShimRun.RunAsync(Bundle, "syslog_plugin.py", RepoPaths.Fixture("demo", "syslog", "auth.log"));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("syslog", (string)run.Frames[0]["plugin"]!);
        var begin = Assert.Single(run.FramesOf("output_begin"));
        Assert.Equal(bundle.Outputs.Single().Schema.Hash, (string)begin["schema_hash"]!);
        Assert.Equal(248, (int)Assert.Single(run.FramesOf("output_end"))["rows"]!);
        var errors = run.FramesOf("row_error");
        Assert.Equal([62, 201], errors.Select(e => (int)e["line"]!));
        Assert.All(errors, e =>
        {
            Assert.Equal("syslog.unparsable", (string)e["reason"]!);
            Assert.Equal("-- MARK -- garbled line without a header", (string)e["raw"]!);
        });

        var rows = Assert.Single(run.ReadStreams()).Rows;
        Assert.Equal(248, rows.Count);
        // "Mar  5 00:00:24 db-1 sshd[23574]: Accepted publickey …", the year from the file's "# year=2026" header.
        var micros = new DateTimeOffset(2026, 3, 5, 0, 0, 24, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        Assert.Equal([micros, "db-1", "sshd", 23574L, "Accepted publickey for alice from 10.0.104.232 port 1045 ssh2"], rows[0]);
    }

    [Fact]
    public async Task Without_a_year_header_the_year_is_1970_and_a_line_without_pid_has_a_null_pid()
    {
        var input = Path.Combine(Directory.CreateTempSubdirectory("casparian-syslog-").FullName, "messages");
        File.WriteAllText(input, "Feb 29 12:00:00 host kernel: no such day in 1970\nJan  2 03:04:05 host kernel: booted\n");
        try
        {
            var run = await ShimRun.RunAsync(Bundle, "syslog_plugin.py", input);

            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Equal(1, (int)Assert.Single(run.FramesOf("row_error"))["line"]!);
            var micros = new DateTimeOffset(1970, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
            Assert.Equal([[micros, "host", "kernel", null, "booted"]], Assert.Single(run.ReadStreams()).Rows);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(input)!, recursive: true);
        }
    }

    [Fact]
    public void The_bundle_routes_log_files_and_syslog_files_to_the_syslog_tag()
    {
        var bundle = PluginBundle.Load(Bundle);
        Assert.Equal("python_shim", bundle.RuntimeKind);
        Assert.Equal("syslog_events", bundle.Outputs.Single().Table);
        Assert.Equal(["**/*.log", "**/syslog*"], bundle.Routes.Select(r => r.Glob));
        Assert.All(bundle.Routes, r => Assert.Equal("syslog", r.Tag));
    }
}
