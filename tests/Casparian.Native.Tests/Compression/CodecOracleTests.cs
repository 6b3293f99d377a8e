using System.Diagnostics;
using Casparian.Native.Compression;
using Casparian.Protocol.Arrow;

namespace Casparian.Native.Tests.Compression;

/// <summary>
/// Our LZ4 frame and ZSTD codecs agree with Debian's <c>lz4</c> and <c>zstd</c> command-line tools (independent users
/// of the same formats): each side decompresses what the other compressed.
/// </summary>
public sealed class CodecOracleTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("casparian-codec-").FullName;

    public static IEnumerable<object[]> Codecs() => [["lz4"], ["zstd"]];

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Tool_decompresses_what_we_compressed(string tool)
    {
        var codec = Codec(tool);
        var original = SampleData();
        var compressed = new byte[codec.MaxCompressedLength(original.Length)];
        var written = codec.Compress(original, compressed);
        var path = Path.Combine(_temp, "ours." + tool);
        File.WriteAllBytes(path, compressed[..(int)written]);

        var decompressed = Run(tool, "-d", "-c", path);

        Assert.True(written < original.Length / 2, $"{tool} compressed {original.Length} bytes only to {written}");
        Assert.Equal(original, decompressed);
        Assert.Equal(original.Length, codec.DeclaredContentLength(compressed.AsSpan(0, (int)written)));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void We_decompress_what_the_tool_compressed(string tool)
    {
        var codec = Codec(tool);
        var original = SampleData();
        var path = Path.Combine(_temp, "plain");
        File.WriteAllBytes(path, original);
        var compressed = tool == "lz4" ? Run(tool, "-c", "--content-size", path) : Run(tool, "-c", "-q", path);

        var target = new byte[original.Length];
        var written = codec.Decompress(compressed, target);

        Assert.Equal(original.Length, written);
        Assert.Equal(original, target);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Corrupt_frame_is_reported_as_not_decompressible(string tool)
    {
        var codec = Codec(tool);
        var original = SampleData();
        var compressed = new byte[codec.MaxCompressedLength(original.Length)];
        var written = (int)codec.Compress(original, compressed);

        var truncated = codec.Decompress(compressed.AsSpan(0, written / 2), new byte[original.Length]);
        var tooSmall = codec.Decompress(compressed.AsSpan(0, written), new byte[original.Length / 2]);

        Assert.Equal(-1, truncated);
        Assert.Equal(-1, tooSmall);
    }

    private static IArrowCompressionCodec Codec(string tool) => tool == "lz4" ? new Lz4FrameCodec() : new ZstdCodec();

    // Repetitive text with some variety: compressible, but not trivially.
    private static byte[] SampleData()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"event {i % 977} user{i % 13} ok;"));
        return System.Text.Encoding.ASCII.GetBytes(text);
    }

    private static byte[] Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}: apt-get install -y {tool}");
        var stderr = process.StandardError.ReadToEndAsync();
        using var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within 30 s");
        }
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)} failed: {stderr.Result}");
        return stdout.ToArray();
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
