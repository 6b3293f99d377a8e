using System.Diagnostics;
using System.Text.Json.Nodes;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Worker.Tests.Runtimes.PythonShim;

/// <summary>What one run of the shim produced: exit code, the raw stdout bytes and the stderr control frames.</summary>
internal sealed record ShimRun(int ExitCode, byte[] Stdout, IReadOnlyList<JsonObject> Frames, string Stderr)
{
    /// <summary>The shim as the worker's build lays it out (worker/Casparian.Worker.csproj copies it).</summary>
    public static string ShimPath { get; } = Path.Combine(AppContext.BaseDirectory, "python_shim", "casparian_shim.py");

    /// <summary>Debian's interpreter: the one the protocol's scrubbed PATH finds, and the one with python3-venv.</summary>
    public const string SystemPython = "/usr/bin/python3";

    /// <summary>
    /// Runs the shim on <paramref name="input"/> for the bundle in <paramref name="bundle"/> the way the worker does:
    /// <c>python3 -I -X utf8 shim ENTRYPOINT INPUT</c>, a fresh temp dir as cwd/HOME/TMPDIR, a scrubbed environment.
    /// </summary>
    public static async Task<ShimRun> RunAsync(string bundle, string entrypoint, string input, string python = SystemPython)
    {
        var jobDir = Directory.CreateTempSubdirectory("casparian-shim-job-").FullName;
        try
        {
            var info = new ProcessStartInfo(python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = jobDir,
            };
            foreach (var arg in new[] { "-I", "-X", "utf8", ShimPath, Path.Combine(bundle, entrypoint), input })
            {
                info.ArgumentList.Add(arg);
            }
            info.Environment.Clear();
            info.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
            info.Environment["LANG"] = "C.UTF-8";
            info.Environment["HOME"] = jobDir;
            info.Environment["TMPDIR"] = jobDir;
            info.Environment["CASPARIAN_JOB_ID"] = "job-1";
            info.Environment["CASPARIAN_PROTOCOL_VERSION"] = "1";
            info.Environment["CASPARIAN_BUNDLE"] = bundle;

            using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {python}");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(deadline.Token);
            await copy;
            var text = await stderr;
            var frames = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
            return new ShimRun(process.ExitCode, stdout.ToArray(), frames, text);
        }
        finally
        {
            Directory.Delete(jobDir, recursive: true);
        }
    }

    /// <summary>The frame types in order.</summary>
    public IReadOnlyList<string> FrameTypes => Frames.Select(f => (string)f["type"]!).ToList();

    /// <summary>The frames of one type.</summary>
    public IReadOnlyList<JsonObject> FramesOf(string type) => Frames.Where(f => (string)f["type"]! == type).ToList();

    /// <summary>
    /// Splits stdout into its Arrow IPC streams with our reader (each reader stops right after its EOS marker) and
    /// returns every stream's schema, rows (as plain values) and raw bytes.
    /// </summary>
    public IReadOnlyList<ReadStream> ReadStreams()
    {
        var streams = new List<ReadStream>();
        using var stdout = new MemoryStream(Stdout, writable: false);
        while (stdout.Position < stdout.Length)
        {
            var start = stdout.Position;
            using var reader = new ArrowStreamReader(stdout);
            var rows = new List<object?[]>();
            var batches = 0;
            foreach (var batch in reader.ReadAll())
            {
                using (batch)
                {
                    rows.AddRange(ArrowValues.Rows(batch));
                    batches++;
                }
            }
            streams.Add(new ReadStream(reader.Schema, rows, batches, Stdout[(int)start..(int)stdout.Position]));
        }
        return streams;
    }
}

/// <summary>One Arrow IPC stream read back: its schema, its rows as plain values, its batch count and its bytes.</summary>
internal sealed record ReadStream(ArrowSchema Schema, IReadOnlyList<object?[]> Rows, int Batches, byte[] Bytes);
