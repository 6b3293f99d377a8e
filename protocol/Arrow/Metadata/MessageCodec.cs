using System.Buffers.Binary;
using Casparian.Protocol.Arrow.Flatbuffers;

namespace Casparian.Protocol.Arrow.Metadata;

/// <summary>Decodes and encodes Message.fbs messages (Schema, RecordBatch, DictionaryBatch headers).</summary>
internal static class MessageCodec
{
    private const short MetadataVersionV5 = 4;

    public static ArrowMessage Decode(ReadOnlyMemory<byte> metadata)
    {
        var message = FlatBufferTable.Root(metadata, "Message");
        var version = message.GetInt16(0, 0);
        if (version is < 3 or > MetadataVersionV5)
        {
            throw new ArrowFormatException($"message metadata version V{version + 1} is not supported (V4 and V5 are)");
        }
        var kind = message.GetByte(1, 0);
        var bodyLength = message.GetInt64(3, 0);
        if (bodyLength < 0)
        {
            throw new ArrowFormatException($"message body length {bodyLength} is negative");
        }
        var header = message.GetTable(2, "Message.header")
            ?? throw new ArrowFormatException($"message of kind {kind} has no header table");
        return (ArrowMessageKind)kind switch
        {
            ArrowMessageKind.Schema => new ArrowMessage(ArrowMessageKind.Schema, bodyLength) { Schema = SchemaDecoder.Decode(header, metadata.Length) },
            ArrowMessageKind.RecordBatch => new ArrowMessage(ArrowMessageKind.RecordBatch, bodyLength) { RecordBatch = RecordBatch(header) },
            ArrowMessageKind.DictionaryBatch => new ArrowMessage(ArrowMessageKind.DictionaryBatch, bodyLength)
            {
                DictionaryBatch = new DictionaryBatchHeader(
                    header.GetInt64(0, 0),
                    RecordBatch(header.GetTable(1, "DictionaryBatch.data") ?? throw new ArrowFormatException("dictionary batch has no data")),
                    header.GetBool(2)),
            },
            _ => throw new ArrowFormatException($"message kind {kind} is not supported (schema, dictionary batch and record batch are)"),
        };
    }

    private static RecordBatchHeader RecordBatch(FlatBufferTable table)
    {
        var length = table.GetInt64(0, 0);
        if (length is < 0 or > int.MaxValue)
        {
            throw new ArrowFormatException($"record batch length {length} is out of range (0..{int.MaxValue})");
        }
        var nodes = Pairs(table.GetVector(1, 16, "RecordBatch.nodes"), static (a, b) => new ArrowFieldNode(a, b));
        var buffers = Pairs(table.GetVector(2, 16, "RecordBatch.buffers"), static (a, b) => new ArrowBufferSpec(a, b));
        var compression = ArrowCompression.None;
        if (table.GetTable(3, "RecordBatch.compression") is { } c)
        {
            var codec = c.GetByte(0, 0);
            if (codec > 1 || c.GetByte(1, 0) != 0)
            {
                throw new ArrowFormatException($"body compression codec {codec} is unknown (LZ4_FRAME=0 and ZSTD=1 are supported)");
            }
            compression = (ArrowCompression)codec;
        }
        if (table.Has(4))
        {
            throw new ArrowFormatException("record batch has variadic buffer counts (string/binary views), which are not supported");
        }
        return new RecordBatchHeader(length, nodes, buffers, compression);
    }

    private static T[] Pairs<T>(FlatBufferVector? vector, Func<long, long, T> create)
    {
        if (vector is not { } v)
        {
            return [];
        }
        var result = new T[v.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = create(v.Int64(i), v.Int64(i, 8));
        }
        return result;
    }

    public static byte[] EncodeSchema(ArrowSchema schema) =>
        Message(ArrowMessageKind.Schema, SchemaEncoder.Encode(schema), 0);

    public static byte[] EncodeRecordBatch(RecordBatchHeader header, long bodyLength) =>
        Message(ArrowMessageKind.RecordBatch, RecordBatchTable(header), bodyLength);

    public static byte[] EncodeDictionaryBatch(DictionaryBatchHeader header, long bodyLength) =>
        Message(ArrowMessageKind.DictionaryBatch, new FlatBufferTableBuilder()
            .AddInt64(0, header.Id)
            .AddObject(1, RecordBatchTable(header.Data))
            .AddBool(2, header.IsDelta), bodyLength);

    private static FlatBufferTableBuilder RecordBatchTable(RecordBatchHeader header)
    {
        var table = new FlatBufferTableBuilder()
            .AddInt64(0, header.Length)
            .AddObject(1, PairVector(header.Nodes.Select(n => (n.Length, n.NullCount)).ToArray()))
            .AddObject(2, PairVector(header.Buffers.Select(b => (b.Offset, b.Length)).ToArray()));
        if (header.Compression != ArrowCompression.None)
        {
            table.AddObject(3, new FlatBufferTableBuilder().AddByte(0, (byte)header.Compression).AddByte(1, 0));
        }
        return table;
    }

    private static FlatBufferStructVector PairVector((long A, long B)[] pairs)
    {
        var bytes = new byte[pairs.Length * 16];
        for (var i = 0; i < pairs.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 16), pairs[i].A);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan((i * 16) + 8), pairs[i].B);
        }
        return new FlatBufferStructVector(bytes, pairs.Length, 8);
    }

    private static byte[] Message(ArrowMessageKind kind, FlatBufferTableBuilder header, long bodyLength) =>
        new FlatBufferTableBuilder()
            .AddInt16(0, MetadataVersionV5)
            .AddByte(1, (byte)kind)
            .AddObject(2, header)
            .AddInt64(3, bodyLength)
            .Finish();
}
