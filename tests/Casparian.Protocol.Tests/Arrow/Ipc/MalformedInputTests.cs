using System.Buffers.Binary;
using Casparian.Protocol.Arrow;
using Casparian.Protocol.Arrow.Flatbuffers;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Tests.Arrow.Ipc;

/// <summary>Each kind of malformed input named by the issue fails with one <see cref="ArrowFormatException"/> that says what is wrong.</summary>
public class MalformedInputTests
{
    private static readonly ArrowSchema OneInt64 = new([new ArrowField("x", ArrowType.Int64, true)]);

    [Fact]
    public void Truncated_stream_is_reported_as_truncated()
    {
        var bytes = File.ReadAllBytes(ArrowFixtures.Stream("generated_primitive"));

        var ex = Assert.Throws<ArrowFormatException>(() => ReadAll(bytes[..(bytes.Length - 100)]));

        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_input_is_reported_as_missing_its_schema()
    {
        var ex = Assert.Throws<ArrowFormatException>(() => ReadAll([]));

        Assert.Contains("before its schema", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlatBuffer_root_offset_outside_the_metadata_is_rejected()
    {
        var metadata = MessageCodec.EncodeSchema(OneInt64);
        BinaryPrimitives.WriteUInt32LittleEndian(metadata, 0x7FFFFFF0);

        var ex = Assert.Throws<ArrowFormatException>(() => ReadAll(Frame(metadata)));

        Assert.Contains("outside", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_type_id_is_named()
    {
        var field = new FlatBufferTableBuilder().AddString(0, "weird").AddByte(2, 99).AddObject(3, new FlatBufferTableBuilder());
        var schema = new FlatBufferTableBuilder().AddObject(1, new FlatBufferObjectVector([field]));
        var message = new FlatBufferTableBuilder().AddInt16(0, 4).AddByte(1, 1).AddObject(2, schema).Finish();

        var ex = Assert.Throws<ArrowFormatException>(() => ReadAll(Frame(message)));

        Assert.Contains("type id 99", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'weird'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_batch_length_is_rejected()
    {
        var batch = MessageCodec.EncodeRecordBatch(new RecordBatchHeader(-5, [new(1, 0)], [new(0, 0), new(0, 8)], ArrowCompression.None), 8);

        var ex = Assert.Throws<ArrowFormatException>(() => ReadAll([.. Frame(MessageCodec.EncodeSchema(OneInt64)), .. Frame(batch, new byte[8])]));

        Assert.Contains("record batch length -5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Buffer_outside_the_body_is_rejected()
    {
        var batch = MessageCodec.EncodeRecordBatch(new RecordBatchHeader(1, [new(1, 0)], [new(0, 0), new(16, 8)], ArrowCompression.None), 8);

        var ex = Assert.Throws<ArrowFormatException>(() => ReadAll([.. Frame(MessageCodec.EncodeSchema(OneInt64)), .. Frame(batch, new byte[8])]));

        Assert.Contains("outside the 8-byte body", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enormous_body_length_is_rejected_without_allocating_it()
    {
        var batch = MessageCodec.EncodeRecordBatch(new RecordBatchHeader(1, [new(1, 0)], [new(0, 0), new(0, 8)], ArrowCompression.None), long.MaxValue / 2);
        var bytes = (byte[])[.. Frame(MessageCodec.EncodeSchema(OneInt64)), .. Frame(batch, new byte[8])];

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ArrowFormatException>(() => ReadAll(new MemoryStream(bytes)));

        Assert.Contains("body", ex.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Enormous_value_count_is_rejected_against_the_buffer_size()
    {
        var batch = MessageCodec.EncodeRecordBatch(new RecordBatchHeader(int.MaxValue, [new(int.MaxValue, 0)], [new(0, 0), new(0, 8)], ArrowCompression.None), 8);

        var ex = Assert.Throws<ArrowFormatException>(() => ReadAll([.. Frame(MessageCodec.EncodeSchema(OneInt64)), .. Frame(batch, new byte[8])]));

        Assert.Contains("needs 17179869176", ex.Message, StringComparison.Ordinal);
    }

    private static void ReadAll(byte[] bytes)
    {
        using var reader = new ArrowStreamReader(bytes);
        foreach (var batch in reader.ReadAll())
        {
            batch.Dispose();
        }
    }

    private static void ReadAll(Stream stream)
    {
        using var reader = new ArrowStreamReader(stream);
        foreach (var batch in reader.ReadAll())
        {
            batch.Dispose();
        }
    }

    private static byte[] Frame(byte[] metadata, byte[]? body = null)
    {
        var framed = new byte[8 + metadata.Length + (body?.Length ?? 0)];
        BinaryPrimitives.WriteUInt32LittleEndian(framed, 0xFFFFFFFF);
        BinaryPrimitives.WriteInt32LittleEndian(framed.AsSpan(4), metadata.Length);
        metadata.CopyTo(framed, 8);
        body?.CopyTo(framed, 8 + metadata.Length);
        return framed;
    }
}
