using System.Buffers.Binary;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Flatbuffers;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Ipc;

/// <summary>
/// Reads the Arrow IPC file format from memory: checks the <c>ARROW1</c> magic at both ends, decodes the footer, loads
/// the dictionaries, and reads any record batch by index (random access). Column buffers are slices of the memory.
/// </summary>
public sealed class ArrowFileReader : IDisposable
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly IpcReaderCore _core;
    private readonly (long Offset, int MetadataLength, long BodyLength)[] _batches;

    public ArrowFileReader(ReadOnlyMemory<byte> data, ArrowReadOptions? options = null)
    {
        options ??= new ArrowReadOptions();
        _data = data;
        var span = data.Span;
        if (!HasFileMagic(span) || span.Length < 18 || !span[^6..].SequenceEqual(ArrowFileWriter.Magic))
        {
            throw new ArrowFormatException("not an Arrow IPC file: it must start with ARROW1 and end with ARROW1 (a stream has no magic; read it with ArrowStreamReader)");
        }
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(span[^10..]);
        if (footerLength <= 0 || footerLength > span.Length - 18)
        {
            throw new ArrowFormatException($"Arrow file footer length {footerLength} does not fit the {span.Length}-byte file");
        }
        var footerStart = span.Length - 10 - footerLength;
        var footerBytes = data.Slice(footerStart, footerLength);
        var footer = FlatBufferTable.Root(footerBytes, "Footer");
        var schemaTable = footer.GetTable(1, "Footer.schema") ?? throw new ArrowFormatException("Arrow file footer has no schema");
        var schema = SchemaDecoder.Decode(schemaTable, footerLength);
        _core = new IpcReaderCore(schema, options);
        var dictionaries = Blocks(footer.GetVector(2, 24, "Footer.dictionaries"), footerStart);
        _batches = Blocks(footer.GetVector(3, 24, "Footer.recordBatches"), footerStart);
        foreach (var block in dictionaries)
        {
            using var owner = new PooledMemory();
            var message = ReadMessage(block, options, owner, out var body);
            if (message.Kind != ArrowMessageKind.DictionaryBatch)
            {
                throw new ArrowFormatException($"Arrow file footer lists a dictionary at byte {block.Offset}, but the message there is a {message.Kind}");
            }
            _core.ApplyDictionary(message.DictionaryBatch!, body, owner);
        }
        Options = options;
    }

    private ArrowReadOptions Options { get; }

    public ArrowSchema Schema => _core.Schema;

    public int RecordBatchCount => _batches.Length;

    /// <summary>True when <paramref name="data"/> starts with the file format's magic.</summary>
    public static bool HasFileMagic(ReadOnlySpan<byte> data) => data.Length >= 6 && data[..6].SequenceEqual(ArrowFileWriter.Magic);

    /// <summary>Reads record batch <paramref name="index"/> (0-based) directly from its footer block.</summary>
    public RecordBatch ReadRecordBatch(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _batches.Length);
        var owner = new PooledMemory();
        try
        {
            var message = ReadMessage(_batches[index], Options, owner, out var body);
            if (message.Kind != ArrowMessageKind.RecordBatch)
            {
                throw new ArrowFormatException($"Arrow file footer lists record batch {index} at byte {_batches[index].Offset}, but the message there is a {message.Kind}");
            }
            return _core.LoadBatch(message.RecordBatch!, body, owner);
        }
        finally
        {
            owner.Dispose();
        }
    }

    private ArrowMessage ReadMessage((long Offset, int MetadataLength, long BodyLength) block, ArrowReadOptions options, PooledMemory owner, out ReadOnlyMemory<byte> body)
    {
        var end = block.Offset + block.MetadataLength + block.BodyLength;
        var source = new MemoryMessageSource(_data[..(int)end], options) { Position = (int)block.Offset };
        return source.ReadNext(out body, owner) ?? throw new ArrowFormatException($"Arrow file block at byte {block.Offset} holds no message");
    }

    private static (long Offset, int MetadataLength, long BodyLength)[] Blocks(FlatBufferVector? vector, int limit)
    {
        if (vector is not { } v)
        {
            return [];
        }
        var blocks = new (long Offset, int MetadataLength, long BodyLength)[v.Count];
        for (var i = 0; i < blocks.Length; i++)
        {
            var offset = v.Int64(i);
            var metadataLength = v.Int32(i, 8);
            var bodyLength = v.Int64(i, 16);
            if (offset < 8 || metadataLength < 8 || bodyLength < 0 || offset > limit || metadataLength > limit - offset || bodyLength > limit - offset - metadataLength)
            {
                throw new ArrowFormatException($"Arrow file block {i} (offset {offset}, metadata {metadataLength}, body {bodyLength}) lies outside the file's data");
            }
            blocks[i] = (offset, metadataLength, bodyLength);
        }
        return blocks;
    }

    public void Dispose() => _core.Dispose();
}
