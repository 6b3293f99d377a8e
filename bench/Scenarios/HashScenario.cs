using System.Diagnostics;
using System.Globalization;
using Casparian.Protocol.Hashing;

namespace Casparian.Bench.Scenarios;

/// <summary>
/// <c>hash</c>: BLAKE3 of a 1 GiB file in the page cache, ours against b3sum, single-threaded
/// (<c>b3sum --num-threads 1</c>) and with every core (<c>b3sum</c>'s default), interleaved in the same run.
/// Each figure is the best of several runs, which is the least disturbed by other load on the machine.
/// </summary>
internal sealed class HashScenario : IScenario
{
    private const long FileLength = 1L << 30;
    private const int Runs = 5;
    private const double Goal = 0.9;

    public string Name => "hash";

    public string Description => "BLAKE3 of a 1 GiB cached file: ours vs b3sum, single- and multi-threaded (GB/s)";

    public Task<int> RunAsync(string[] args)
    {
        var path = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "casparian-bench-hash-1g.bin");
        EnsureFile(path);
        WarmPageCache(path);

        var expected = B3sum(path, "--num-threads", "1").Hex;
        var threads = Environment.ProcessorCount;
        double b3Single = 0, b3Multi = 0, b3NoMmap = 0, oursSingle = 0, oursMulti = 0;
        for (var run = 0; run < Runs; run++)
        {
            b3Single = Math.Max(b3Single, Rate(B3sum(path, "--num-threads", "1"), expected));
            oursSingle = Math.Max(oursSingle, Rate(Ours(path, 1), expected));
            b3Multi = Math.Max(b3Multi, Rate(B3sum(path), expected));
            oursMulti = Math.Max(oursMulti, Rate(Ours(path, threads), expected));
            b3NoMmap = Math.Max(b3NoMmap, Rate(B3sum(path, "--no-mmap"), expected));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"file {path}, {FileLength >> 20} MiB, best of {Runs} runs, {threads} logical cores, SIMD path {Blake3.SimdPath}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"single-threaded: ours {oursSingle:0.###} GB/s, b3sum --num-threads 1 {b3Single:0.###} GB/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"multi-threaded:  ours {oursMulti:0.###} GB/s ({threads} threads), b3sum {b3Multi:0.###} GB/s"));

        // For context only: b3sum reading with read(2) like we do, instead of its default memory mapping.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"for context:     b3sum --no-mmap (single-threaded, read(2)) {b3NoMmap:0.###} GB/s; ours single / that = {oursSingle / b3NoMmap:0.###}"));
        BenchReport.Line("hash-multi", oursMulti, b3Multi, "GB/s", "b3sum", Goal);
        BenchReport.Line("hash", oursSingle, b3Single, "GB/s", "b3sum --num-threads 1", Goal);
        return Task.FromResult(0);
    }

    private static double Rate((string Hex, TimeSpan Elapsed) result, string expected)
    {
        if (result.Hex != expected)
        {
            throw new InvalidOperationException($"hash mismatch: got {result.Hex}, b3sum says {expected}");
        }
        return FileLength / result.Elapsed.TotalSeconds / 1e9;
    }

    private static (string Hex, TimeSpan Elapsed) Ours(string path, int threads)
    {
        var stopwatch = Stopwatch.StartNew();
        var hasher = Blake3Hasher.Create();
        Blake3Streams.HashFile(hasher, path, threads);
        var hex = Convert.ToHexStringLower(hasher.Finalize());
        return (hex, stopwatch.Elapsed);
    }

    private static (string Hex, TimeSpan Elapsed) B3sum(string path, params string[] options)
    {
        var start = new ProcessStartInfo("b3sum") { RedirectStandardOutput = true };
        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }
        start.ArgumentList.Add("--no-names");
        start.ArgumentList.Add(path);
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start b3sum (apt-get install b3sum)");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var elapsed = stopwatch.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"b3sum exited with {process.ExitCode}");
        }
        return (output.Trim(), elapsed);
    }

    // Random content so nothing can be skipped; reused across runs when it already has the right length.
    private static void EnsureFile(string path)
    {
        if (File.Exists(path) && new FileInfo(path).Length == FileLength)
        {
            return;
        }
        var random = new Random(1);
        var block = new byte[16 << 20];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        for (long written = 0; written < FileLength; written += block.Length)
        {
            random.NextBytes(block);
            file.Write(block);
        }
    }

    private static void WarmPageCache(string path)
    {
        var block = new byte[16 << 20];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        while (file.Read(block) > 0)
        {
        }
    }
}
