using System.Buffers.Binary;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Flatbuffers;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Ipc;

/// <summary>
/// Writes the Arrow IPC file format: <c>ARROW1</c> magic, the stream messages, and a footer that records where every
/// dictionary and record batch lies, so readers can jump to any batch. The footer is written on <see cref="Finish"/>
/// or dispose.
/// </summary>
public sealed class ArrowFileWriter : IArrowBatchWriter
{
    internal static ReadOnlySpan<byte> Magic => "ARROW1"u8;

    private readonly MessageWriter _writer;
    private readonly List<MessageWriter.Block> _dictionaries = [];
    private readonly List<MessageWriter.Block> _batches = [];
    private bool _finished;

    public ArrowFileWriter(Stream stream, ArrowSchema schema, ArrowWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        _writer = new MessageWriter(stream, schema, options ?? new ArrowWriteOptions());
        _writer.WriteRaw([.. Magic, 0, 0]);
        _writer.WriteSchema();
    }

    public void Write(RecordBatch batch)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        var (dictionaries, block) = _writer.WriteBatch(batch);
        _dictionaries.AddRange(dictionaries);
        _batches.Add(block);
    }

    /// <summary>Writes the end-of-stream marker, the footer and the closing magic.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        _writer.WriteEndOfStream();
        var footer = new FlatBufferTableBuilder()
            .AddInt16(0, 4)
            .AddObject(1, SchemaEncoder.Encode(_writer.Schema))
            .AddObject(2, Blocks(_dictionaries))
            .AddObject(3, Blocks(_batches))
            .Finish();
        _writer.WriteRaw(footer);
        Span<byte> tail = stackalloc byte[10];
        BinaryPrimitives.WriteInt32LittleEndian(tail, footer.Length);
        Magic.CopyTo(tail[4..]);
        _writer.WriteRaw(tail);
    }

    private static FlatBufferStructVector Blocks(List<MessageWriter.Block> blocks)
    {
        var bytes = new byte[blocks.Count * 24];
        for (var i = 0; i < blocks.Count; i++)
        {
            var at = bytes.AsSpan(i * 24);
            BinaryPrimitives.WriteInt64LittleEndian(at, blocks[i].Offset);
            BinaryPrimitives.WriteInt32LittleEndian(at[8..], blocks[i].MetadataLength);
            BinaryPrimitives.WriteInt64LittleEndian(at[16..], blocks[i].BodyLength);
        }
        return new FlatBufferStructVector(bytes, blocks.Count, 8);
    }

    public void Dispose() => Finish();
}
