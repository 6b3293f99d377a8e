using System.Buffers.Binary;
using Casparian.Native.Compression;
using Casparian.Protocol.Arrow;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Json;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Tests.Arrow.Ipc;

public class CompressionRoundTripTests
{
    public static IEnumerable<object[]> Cases() =>
        ArrowFixtures.Uncompressed().SelectMany(c => new[] { new[] { c[0], "lz4" }, new[] { c[0], "zstd" } });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compressed_stream_written_from_golden_json_reads_back_value_by_value(string name, string codecName)
    {
        IArrowCompressionCodec codec = codecName == "lz4" ? new Lz4FrameCodec() : new ZstdCodec();
        var golden = IntegrationJsonReader.ReadFile(ArrowFixtures.Json(name));

        var bytes = WriterRoundTripTests.WriteStream(golden, new ArrowWriteOptions { Codec = codec });

        using var reader = new ArrowStreamReader(bytes, new ArrowReadOptions { Codecs = ArrowCodecs.All });
        var batches = reader.ReadAll().ToList();
        Assert.Empty(ArrowValueComparer.Compare(golden.Schema, golden.Batches, reader.Schema, batches));
        batches.ForEach(b => b.Dispose());
    }

    [Theory]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public void Compressible_buffers_are_stored_compressed_with_their_uncompressed_length(string codecName)
    {
        IArrowCompressionCodec codec = codecName == "lz4" ? new Lz4FrameCodec() : new ZstdCodec();
        var values = new byte[1 << 16]; // 8192 zero int64s compress to almost nothing
        var schema = new ArrowSchema([new ArrowField("zeros", ArrowType.Int64, false)]);
        var column = new Protocol.Arrow.Arrays.ArrowArray(ArrowType.Int64, 8192, 0, default, default, values, []);
        using var output = new MemoryStream();
        using (var writer = new ArrowStreamWriter(output, schema, new ArrowWriteOptions { Codec = codec }))
        {
            writer.Write(new Protocol.Arrow.Arrays.RecordBatch(schema, 8192, [column]));
        }

        Assert.True(output.Length < 4096, $"a 64 KiB zero column took {output.Length} bytes");
        using var reader = new ArrowStreamReader(output.ToArray(), new ArrowReadOptions { Codecs = ArrowCodecs.All });
        using var batch = reader.ReadNext()!;
        Assert.Equal(values, batch.Columns[0].Values.ToArray());
    }

    [Fact]
    public void Length_prefix_that_disagrees_with_the_frame_is_rejected_before_allocating()
    {
        var bytes = File.ReadAllBytes(Path.Combine(ArrowFixtures.Directory, "compression", "generated_zstd.stream"));
        // Find the first ZSTD frame magic (28 B5 2F FD) and raise the 8-byte length prefix just before it.
        var at = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at - 8), 1L << 30);

        using var reader = new ArrowStreamReader(bytes, new ArrowReadOptions { Codecs = ArrowCodecs.All });
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ArrowFormatException>(() => reader.ReadNext());

        Assert.Contains("claims 1073741824 uncompressed bytes", ex.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }
}
