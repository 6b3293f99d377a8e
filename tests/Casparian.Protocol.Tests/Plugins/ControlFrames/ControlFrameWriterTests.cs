using System.Diagnostics;
using System.Text;
using Casparian.Protocol.Plugins.ControlFrames;

namespace Casparian.Protocol.Tests.Plugins.ControlFrames;

public sealed class ControlFrameWriterTests
{
    private static readonly ControlFrame[] Frames =
    [
        new HelloFrame(1, "native-lines", "1.0.0"),
        new OutputBeginFrame("lines", "bf8d27e1"),
        new RowErrorFrame("lines", "type.utf8", "text", "wor\uFFFDld \"quoted\"", 3),
        new RowErrorFrame("lines", "row.malformed", null, null),
        new ProgressFrame(16384, 1 << 20),
        new WarningFrame("über\nline"),
        new OutputEndFrame("lines", 16384),
        new ErrorFrame("input.unsupported", "no"),
    ];

    [Fact]
    public void Written_frames_are_one_line_each_with_the_type_first_and_parse_back_equal()
    {
        using var stream = new MemoryStream();
        var writer = new ControlFrameWriter(stream);
        foreach (var frame in Frames)
        {
            writer.Write(frame);
        }

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
        Assert.Equal(Frames.Length + 1, lines.Length);
        Assert.Equal("", lines[^1]);
        Assert.All(lines[..^1], line => Assert.StartsWith("{\"type\":", line, StringComparison.Ordinal));
        Assert.Equal(Frames, lines[..^1].Select(line => ControlFrameParser.Parse(Encoding.UTF8.GetBytes(line))));
    }

    [Fact]
    public async Task Frames_Python_writes_parse_and_frames_we_write_are_what_Python_reads()
    {
        // Python's json module is the independent reader and writer (the Python shim speaks through it).
        const string Script = """
            import json, sys
            for line in sys.stdin:
                frame = json.loads(line)
                print(json.dumps(frame, sort_keys=True))
            """;
        var ours = string.Concat(Frames.Select(f => Encoding.UTF8.GetString(ControlFrameWriter.Serialize(f)) + "\n"));
        var echoed = await RunPythonAsync(Script, ours);

        // Python re-serialises with spaces after separators and \u escapes: our parser must read that too.
        var lines = echoed.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Frames, lines.Select(line => ControlFrameParser.Parse(Encoding.UTF8.GetBytes(line))));
        Assert.Contains("\"row_error\"", lines[2], StringComparison.Ordinal);
        Assert.Contains("\"column\": null", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_longer_than_the_limit_is_refused_instead_of_sent()
    {
        using var stream = new MemoryStream();

        var error = Assert.Throws<ArgumentException>(() => new ControlFrameWriter(stream).Write(new WarningFrame(new string('w', 70_000))));

        Assert.Contains("65536", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, stream.Length);
    }

    private static async Task<string> RunPythonAsync(string script, string input)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var python = Process.Start(info)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = python.StandardOutput.ReadToEndAsync(deadline.Token);
        var errors = python.StandardError.ReadToEndAsync(deadline.Token);
        await python.StandardInput.WriteAsync(input.AsMemory(), deadline.Token);
        python.StandardInput.Close();
        await python.WaitForExitAsync(deadline.Token);
        Assert.True(python.ExitCode == 0, await errors);
        return await output;
    }
}
