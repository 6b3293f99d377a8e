using Casparian.Native.Compression;
using Casparian.Protocol.Arrow;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Json;

namespace Casparian.Protocol.Tests.Arrow.Ipc;

/// <summary>The types the Arrow goldens leave out (large_*, float16, duration, date64, decimal256, map) round-trip in every format.</summary>
public class MoreTypesTests
{
    [Theory]
    [InlineData("stream", null)]
    [InlineData("file", null)]
    [InlineData("stream", "lz4")]
    [InlineData("file", "zstd")]
    public void More_types_round_trip_value_by_value(string format, string? codecName)
    {
        var golden = IntegrationJsonReader.ReadFile(ArrowFixtures.MoreTypesJson);
        IArrowCompressionCodec? codec = codecName switch { "lz4" => new Lz4FrameCodec(), "zstd" => new ZstdCodec(), _ => null };
        var options = new ArrowWriteOptions { Codec = codec };
        var readOptions = new ArrowReadOptions { Codecs = ArrowCodecs.All };
        using var output = new MemoryStream();
        using (IArrowBatchWriter writer = format == "file" ? new ArrowFileWriter(output, golden.Schema, options) : new ArrowStreamWriter(output, golden.Schema, options))
        {
            golden.Batches.ToList().ForEach(writer.Write);
        }

        List<RecordBatch> batches;
        Protocol.Arrow.Metadata.ArrowSchema schema;
        if (format == "file")
        {
            using var file = new ArrowFileReader(output.ToArray(), readOptions);
            schema = file.Schema;
            batches = Enumerable.Range(0, file.RecordBatchCount).Select(file.ReadRecordBatch).ToList();
        }
        else
        {
            using var stream = new ArrowStreamReader(output.ToArray(), readOptions);
            schema = stream.Schema;
            batches = stream.ReadAll().ToList();
        }

        Assert.Equal(9, schema.Fields.Count);
        Assert.Empty(ArrowValueComparer.Compare(golden.Schema, golden.Batches, schema, batches));
    }
}
