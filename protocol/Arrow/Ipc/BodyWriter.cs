using System.Buffers.Binary;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Ipc;

/// <summary>
/// Lays out the body of a record or dictionary batch: field nodes and buffers in depth-first order, each buffer at an
/// 8-byte boundary, compressed buffer by buffer when a codec is set. Uncompressed buffers are written straight from the
/// arrays' memory, without an intermediate copy.
/// </summary>
internal sealed class BodyWriter : IDisposable
{
    private static readonly byte[] ZeroOffset = new byte[8];
    private static readonly byte[] Padding = new byte[8];

    private readonly IArrowCompressionCodec? _codec;
    private readonly List<ArrowFieldNode> _nodes = [];
    private readonly List<ArrowBufferSpec> _specs = [];
    private readonly List<ReadOnlyMemory<byte>> _parts = [];
    private readonly PooledMemory _scratch = new();
    private long _length;

    public BodyWriter(IArrowCompressionCodec? codec) => _codec = codec;

    public long Length => _length;

    public RecordBatchHeader Header(int rows) =>
        new(rows, [.. _nodes], [.. _specs], _codec?.Kind ?? ArrowCompression.None);

    public void AddColumn(ArrowField field, ArrowArray array)
    {
        _nodes.Add(new ArrowFieldNode(array.Length, array.NullCount));
        if (field.Dictionary is not null)
        {
            AddBuffer(ValidityOf(array));
            AddBuffer(array.Values);
            return;
        }
        switch (field.Type.Layout)
        {
            case ArrowLayout.Null:
                break;
            case ArrowLayout.FixedWidth:
                AddBuffer(ValidityOf(array));
                AddBuffer(array.Values);
                break;
            case ArrowLayout.VariableBinary:
            case ArrowLayout.LargeVariableBinary:
                AddBuffer(ValidityOf(array));
                AddBuffer(OffsetsOf(array, field.Type.Layout == ArrowLayout.LargeVariableBinary));
                AddBuffer(array.Values);
                break;
            case ArrowLayout.List:
            case ArrowLayout.LargeList:
                AddBuffer(ValidityOf(array));
                AddBuffer(OffsetsOf(array, field.Type.Layout == ArrowLayout.LargeList));
                AddColumn(field.Children[0], array.Children[0]);
                break;
            case ArrowLayout.FixedSizeList:
                AddBuffer(ValidityOf(array));
                AddColumn(field.Children[0], array.Children[0]);
                break;
            case ArrowLayout.Struct:
                AddBuffer(ValidityOf(array));
                for (var i = 0; i < field.Children.Count; i++)
                {
                    AddColumn(field.Children[i], array.Children[i]);
                }
                break;
            default:
                throw new ArgumentException($"field '{field.Name}' has a type the writer does not support ({field.Type})");
        }
    }

    private static ReadOnlyMemory<byte> ValidityOf(ArrowArray array) => array.NullCount == 0 ? default : array.Validity;

    // A zero-length array may come without offsets; readers expect the single leading zero.
    private static ReadOnlyMemory<byte> OffsetsOf(ArrowArray array, bool large) =>
        array.Offsets.IsEmpty ? ZeroOffset.AsMemory(0, large ? 8 : 4) : array.Offsets;

    private void AddBuffer(ReadOnlyMemory<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            _specs.Add(new ArrowBufferSpec(_length, 0));
            return;
        }
        if (_codec is not null)
        {
            buffer = Compress(buffer);
        }
        _specs.Add(new ArrowBufferSpec(_length, buffer.Length));
        _parts.Add(buffer);
        _length += buffer.Length;
        var pad = (int)((8 - (_length % 8)) % 8);
        if (pad > 0)
        {
            _parts.Add(Padding.AsMemory(0, pad));
            _length += pad;
        }
    }

    // Each compressed buffer starts with its uncompressed length; -1 marks one left as is because compression did not pay.
    private ReadOnlyMemory<byte> Compress(ReadOnlyMemory<byte> buffer)
    {
        var bound = _codec!.MaxCompressedLength(buffer.Length);
        var target = _scratch.Rent((int)Math.Min(int.MaxValue, Math.Max(bound, buffer.Length) + 8));
        var written = _codec.Compress(buffer.Span, target.AsSpan(8, (int)bound));
        if (written >= buffer.Length)
        {
            BinaryPrimitives.WriteInt64LittleEndian(target, -1);
            buffer.Span.CopyTo(target.AsSpan(8));
            return target.AsMemory(0, buffer.Length + 8);
        }
        BinaryPrimitives.WriteInt64LittleEndian(target, buffer.Length);
        return target.AsMemory(0, (int)written + 8);
    }

    public void WriteTo(Stream stream)
    {
        foreach (var part in _parts)
        {
            stream.Write(part.Span);
        }
    }

    public void Dispose() => _scratch.Dispose();
}
