using Casparian.Protocol.Hashing;

namespace Casparian.Protocol.Tests.Hashing;

public sealed class Blake3StreamsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("casparian-blake3-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1025, 1)]
    [InlineData((256 << 10) + 1, 1)]
    [InlineData((40 << 20) + 3, 1)]
    [InlineData((40 << 20) + 3, 2)]
    [InlineData((16 << 20) - 1, 4)]
    [InlineData(2 * (256 << 10), 2)]
    [InlineData((2 * (256 << 10)) + 1, 2)]
    [InlineData((5 * (256 << 10)) - 1, 3)]
    [InlineData((7 * (256 << 10)) + 1024, 2)]
    public void A_file_hashes_to_the_same_value_as_its_bytes_in_memory(int length, int threads)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var path = Path.Combine(_directory, "input.bin");
        File.WriteAllBytes(path, data);

        var hasher = Blake3Hasher.Create();
        Blake3Streams.HashFile(hasher, path, threads);

        Assert.Equal(Blake3.Hash(data), hasher.Finalize());
    }

    [Fact]
    public void A_file_fed_to_a_keyed_hasher_that_already_holds_input_hashes_like_the_concatenation()
    {
        var prefix = new byte[777];
        var data = new byte[(3 << 20) + 5];
        new Random(7).NextBytes(prefix);
        new Random(8).NextBytes(data);
        var path = Path.Combine(_directory, "tail.bin");
        File.WriteAllBytes(path, data);
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var hasher = Blake3Hasher.CreateKeyed(key);
        hasher.Update(prefix);
        Blake3Streams.HashFile(hasher, path, 2);
        var fresh = Blake3Hasher.CreateKeyed(key);
        Blake3Streams.HashFile(fresh, path, 2);

        var expected = Blake3Hasher.CreateKeyed(key);
        expected.Update([.. prefix, .. data]);
        Assert.Equal(expected.Finalize(), hasher.Finalize());
        var whole = Blake3Hasher.CreateKeyed(key);
        whole.Update(data);
        Assert.Equal(whole.Finalize(), fresh.Finalize());
    }

    [Fact]
    public void A_stream_that_returns_short_reads_hashes_like_the_whole_input()
    {
        var data = new byte[(3 << 20) + 17];
        new Random(3).NextBytes(data);
        foreach (var threads in new[] { 1, 2 })
        {
            var hasher = Blake3Hasher.Create();
            Blake3Streams.HashStream(hasher, new TrickleStream(data), threads);
            Assert.Equal(Blake3.Hash(data), hasher.Finalize());
        }
    }

    [Fact]
    public void A_missing_file_fails_with_an_error_naming_it()
    {
        var path = Path.Combine(_directory, "absent.bin");
        var error = Assert.Throws<FileNotFoundException>(() => Blake3Streams.HashFile(Blake3Hasher.Create(), path, 1));
        Assert.Contains("absent.bin", error.Message, StringComparison.Ordinal);
    }

    // Returns at most 1000 bytes per read, like a pipe.
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1000)]);
    }
}
