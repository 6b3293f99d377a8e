using System.Diagnostics;
using System.Globalization;
using System.Text;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Plugins;
using Casparian.Testing;
using Casparian.Worker.Execution;
using Casparian.Worker.Parsers;
using Casparian.Worker.Runtimes.NativeExec;

namespace Casparian.Bench.Scenarios;

/// <summary>
/// <c>native-exec</c>: what subprocess isolation costs. A text file of 1,000,000 lines goes through the native-lines
/// fixture plugin under the <c>native_exec</c> runtime (process start, Arrow IPC over a pipe, control frames, null
/// checks, lineage columns) into Arrow stream files, against the raw read of the same file by <c>cat FILE &gt;
/// /dev/null</c>, as rows per second. Each figure is the best of several runs; the file is in the page cache.
/// </summary>
internal sealed class NativeExecScenario : IScenario
{
    private const int DefaultLines = 1_000_000;
    private const int Runs = 3;
    private const double Goal = 0.2;

    public string Name => "native-exec";

    public string Description => "rows/s of text lines through the native_exec fixture plugin into Arrow files vs cat FILE > /dev/null [LINES]";

    public async Task<int> RunAsync(string[] args)
    {
        var lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : DefaultLines;
        var work = Directory.CreateTempSubdirectory("casparian-bench-native-exec-");
        try
        {
            var input = Path.Combine(work.FullName, "lines.txt");
            WriteInput(input, lines);
            var bundle = PluginBundle.Load(RepoPaths.Fixture("plugins", "native-lines"));
            double ours = 0, reference = 0;
            for (var run = 0; run < Runs; run++)
            {
                reference = Math.Max(reference, lines / await CatAsync(input));
                ours = Math.Max(ours, lines / await OursAsync(bundle, input, Path.Combine(work.FullName, $"out-{run}"), lines));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{lines} lines, {new FileInfo(input).Length >> 20} MiB, best of {Runs} runs: native_exec {ours / 1e6:0.###} Mrows/s, cat {reference / 1e6:0.###} Mrows/s"));
            BenchReport.Line(Name, ours, reference, "rows/s", "cat", Goal);
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void WriteInput(string path, int lines)
    {
        using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        for (var i = 1; i <= lines; i++)
        {
            file.Write("2026-11-22T08:00:00Z host-");
            file.Write(i % 97);
            file.Write(" sshd[");
            file.Write(i);
            file.Write("]: accepted publickey for user");
            file.Write(i % 13);
            file.Write('\n');
        }
    }

    /// <summary>Seconds for <c>cat FILE &gt; /dev/null</c>, the raw sequential read.</summary>
    private static async Task<double> CatAsync(string input)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("cat \"$1\" > /dev/null");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(input);
        var clock = Stopwatch.StartNew();
        using var cat = Process.Start(info) ?? throw new InvalidOperationException("could not start cat");
        await cat.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        return cat.ExitCode == 0 ? seconds : throw new InvalidOperationException($"cat exited with {cat.ExitCode}");
    }

    /// <summary>Seconds for the whole native_exec job, from start to committed Arrow files.</summary>
    private static async Task<double> OursAsync(PluginBundle bundle, string input, string outputDirectory, int lines)
    {
        var runtime = new NativeExecRuntime(new NativeExecOptions(), new ArrowFiles(outputDirectory));
        var job = new JobContext(1, new DispatchMessage
        {
            Attempt = 1,
            InputPath = input,
            SourceHash = "bench",
            Plugin = new PluginRef
            {
                Name = bundle.Name, Version = bundle.Version, ArtifactHash = bundle.ArtifactHash, RuntimeKind = bundle.RuntimeKind,
                BundlePath = bundle.Directory, Entrypoint = bundle.Entrypoint,
            },
            Outputs = [.. bundle.Outputs.Select(o => new ExpectedOutput
            {
                Name = o.Name, Table = o.Table, SinkUri = "arrow://bench", SchemaHash = o.Schema.Hash, OutputTargetKey = "otk", MaterializationKey = "mk",
            })],
        });
        var clock = Stopwatch.StartNew();
        var outcome = await runtime.RunAsync(job, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        var rows = outcome.Outputs.Sum(o => o.Rows);
        return rows == lines ? seconds : throw new InvalidOperationException($"the plugin produced {rows} rows, expected {lines}");
    }

    private sealed class ArrowFiles(string directory) : IJobOutputsFactory
    {
        public IJobOutputs Create(JobContext job) => new ArrowStreamJobOutputs(directory);
    }
}
