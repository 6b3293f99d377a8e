using System.Diagnostics;
using System.Globalization;
using Casparian.Broker.Scout;
using Casparian.Broker.Store.DuckDb;

namespace Casparian.Bench.Scenarios;

/// <summary>
/// <c>scan</c>: 100,000 files of 1–16 KiB (generated once, deterministically, into a temp folder) walked, hashed with
/// BLAKE3 and catalogued (root, locations, versions, history) in a fresh DuckDB store, against
/// <c>find DIR -type f | xargs b3sum &gt; /dev/null</c> on the same tree. Both run with the tree in the page cache,
/// interleaved, best of several runs. The files match no route, so the figure is the scout's, not the queue's.
/// </summary>
internal sealed class ScanScenario : IScenario
{
    private const int Files = 100_000;
    private const int FilesPerFolder = 500;
    private const int Runs = 3;
    private const double Goal = 1.0;

    public string Name => "scan";

    public string Description => "walk + BLAKE3 + catalog of 100,000 small files (DuckDB store) vs find | xargs b3sum (files/s)";

    public async Task<int> RunAsync(string[] args)
    {
        var root = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "casparian-bench-scan-100k");
        EnsureTree(root);
        Reference(root);
        double ours = 0, reference = 0;
        for (var run = 0; run < Runs; run++)
        {
            reference = Math.Max(reference, Files / Reference(root).TotalSeconds);
            ours = Math.Max(ours, Files / (await OursAsync(root).ConfigureAwait(false)).TotalSeconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tree {root}: {Files} files of 1-16 KiB, best of {Runs} runs, {Environment.ProcessorCount} logical cores"));
        BenchReport.Line("scan", ours, reference, "files/s", "find | xargs b3sum", Goal);
        return 0;
    }

    private static async Task<TimeSpan> OursAsync(string root)
    {
        var state = Directory.CreateTempSubdirectory("casparian-bench-scan-state-");
        try
        {
            await using var store = DuckDbStateStore.Open(Path.Combine(state.FullName, "state.duckdb"));
            var scanner = new ScoutScanner(store, new ScoutOptions { SinkUri = "duckdb:///tmp/casparian-bench-scan-out.duckdb" });
            var clock = Stopwatch.StartNew();
            var result = await scanner.ScanAsync(root, dryRun: false).ConfigureAwait(false);
            clock.Stop();
            var catalogued = (await store.Catalog.ListLocationsAsync((await store.Catalog.ListSourceRootsAsync())[0].Id)).Count;
            if (catalogued != Files || result.Plan.Unrouted.Count != Files)
            {
                throw new InvalidOperationException($"scan catalogued {catalogued} of {Files} files");
            }
            return clock.Elapsed;
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    private static TimeSpan Reference(string root)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("find \"$1\" -type f | xargs b3sum > /dev/null");
        info.ArgumentList.Add("bash");
        info.ArgumentList.Add(root);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start bash for find | xargs b3sum");
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"find | xargs b3sum failed ({process.ExitCode}): {errors}");
        }
        return clock.Elapsed;
    }

    // Sizes and contents come from a fixed seed, so every machine benchmarks the same tree.
    private static void EnsureTree(string root)
    {
        var done = root + ".complete";
        if (File.Exists(done))
        {
            return;
        }
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
        var random = new Random(20261122);
        var buffer = new byte[16 << 10];
        for (var i = 0; i < Files; i++)
        {
            var folder = Path.Combine(root, (i / FilesPerFolder).ToString("D4", CultureInfo.InvariantCulture));
            if (i % FilesPerFolder == 0)
            {
                Directory.CreateDirectory(folder);
            }
            var length = random.Next(1 << 10, (16 << 10) + 1);
            random.NextBytes(buffer.AsSpan(0, length));
            File.WriteAllBytes(Path.Combine(folder, i.ToString("D6", CultureInfo.InvariantCulture) + ".dat"), buffer.AsSpan(0, length).ToArray());
        }
        File.WriteAllText(done, "");
    }
}
