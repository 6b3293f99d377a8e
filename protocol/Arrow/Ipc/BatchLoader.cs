using System.Buffers.Binary;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Ipc;

/// <summary>
/// Turns a record batch header and its body into arrays: walks the fields depth first, taking one field node and the
/// layout's buffers for each, and checks every length, buffer range and offset before an array is handed out.
/// </summary>
internal sealed class BatchLoader
{
    private readonly RecordBatchHeader _header;
    private readonly ReadOnlyMemory<byte> _body;
    private readonly ArrowReadOptions _options;
    private readonly IReadOnlyDictionary<long, ArrowArray> _dictionaries;
    private readonly PooledMemory _pool;
    private int _node;
    private int _buffer;

    private BatchLoader(RecordBatchHeader header, ReadOnlyMemory<byte> body, ArrowReadOptions options,
        IReadOnlyDictionary<long, ArrowArray> dictionaries, PooledMemory pool)
    {
        _header = header;
        _body = body;
        _options = options;
        _dictionaries = dictionaries;
        _pool = pool;
    }

    /// <summary>Loads one array per field; decompressed buffers are rented into <paramref name="pool"/>.</summary>
    public static ArrowArray[] Load(IReadOnlyList<ArrowField> fields, RecordBatchHeader header, ReadOnlyMemory<byte> body,
        ArrowReadOptions options, IReadOnlyDictionary<long, ArrowArray> dictionaries, PooledMemory pool)
    {
        var loader = new BatchLoader(header, body, options, dictionaries, pool);
        var columns = new ArrowArray[fields.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = loader.Array(fields[i], 0);
            if (columns[i].Length != header.Length)
            {
                throw new ArrowFormatException($"column '{fields[i].Name}' has {columns[i].Length} rows but the batch has {header.Length}");
            }
        }
        return columns;
    }

    private ArrowArray Array(ArrowField field, int depth)
    {
        if (depth > SchemaDecoder.MaxDepth)
        {
            throw new ArrowFormatException($"field '{field.Name}' nests deeper than {SchemaDecoder.MaxDepth} levels");
        }
        if (_node >= _header.Nodes.Length)
        {
            throw new ArrowFormatException($"record batch has {_header.Nodes.Length} field nodes, too few for the schema (at field '{field.Name}')");
        }
        var node = _header.Nodes[_node++];
        if (node.Length is < 0 or > int.MaxValue || node.NullCount < 0 || node.NullCount > node.Length)
        {
            throw new ArrowFormatException($"field '{field.Name}' has length {node.Length} and null count {node.NullCount}, which are out of range");
        }
        var length = (int)node.Length;
        var nullCount = (int)node.NullCount;

        if (field.Dictionary is { } encoding)
        {
            if (!_dictionaries.TryGetValue(encoding.Id, out var dictionary))
            {
                throw new ArrowFormatException($"field '{field.Name}' refers to dictionary {encoding.Id}, which the stream has not sent before this batch");
            }
            var indexValidity = Validity(field, length, nullCount);
            var indices = Fixed(field, encoding.IndexType, length);
            return new ArrowArray(encoding.IndexType, length, nullCount, indexValidity, default, indices, [], dictionary);
        }

        var type = field.Type;
        switch (type.Layout)
        {
            case ArrowLayout.Null:
                return new ArrowArray(type, length, length, default, default, default, []);
            case ArrowLayout.FixedWidth:
            {
                var validity = Validity(field, length, nullCount);
                return new ArrowArray(type, length, nullCount, validity, default, Fixed(field, type, length), []);
            }
            case ArrowLayout.VariableBinary:
            case ArrowLayout.LargeVariableBinary:
            {
                var validity = Validity(field, length, nullCount);
                var offsetsBuffer = NextBuffer(field);
                var values = NextBuffer(field);
                var offsets = Offsets(field, offsetsBuffer, length, type.Layout == ArrowLayout.LargeVariableBinary, values.Length);
                return new ArrowArray(type, length, nullCount, validity, offsets, values, []);
            }
            case ArrowLayout.List:
            case ArrowLayout.LargeList:
            {
                var validity = Validity(field, length, nullCount);
                var offsetsBuffer = NextBuffer(field);
                var child = Array(field.Children[0], depth + 1);
                var offsets = Offsets(field, offsetsBuffer, length, type.Layout == ArrowLayout.LargeList, child.Length);
                return new ArrowArray(type, length, nullCount, validity, offsets, default, [child]);
            }
            case ArrowLayout.FixedSizeList:
            {
                var validity = Validity(field, length, nullCount);
                var child = Array(field.Children[0], depth + 1);
                if (child.Length < (long)length * type.ListSize)
                {
                    throw new ArrowFormatException($"fixed-size list '{field.Name}' needs {(long)length * type.ListSize} child values but has {child.Length}");
                }
                return new ArrowArray(type, length, nullCount, validity, default, default, [child]);
            }
            case ArrowLayout.Struct:
            {
                var validity = Validity(field, length, nullCount);
                var children = new ArrowArray[field.Children.Count];
                for (var i = 0; i < children.Length; i++)
                {
                    children[i] = Array(field.Children[i], depth + 1);
                    if (children[i].Length < length)
                    {
                        throw new ArrowFormatException($"struct '{field.Name}' has {length} rows but its child '{field.Children[i].Name}' only {children[i].Length}");
                    }
                }
                return new ArrowArray(type, length, nullCount, validity, default, default, children);
            }
            default:
                throw new ArrowFormatException($"field '{field.Name}' has unsupported layout {type.Layout}");
        }
    }

    private ReadOnlyMemory<byte> Validity(ArrowField field, int length, int nullCount)
    {
        var buffer = NextBuffer(field);
        if (nullCount == 0)
        {
            return default;
        }
        var needed = (int)((length + 7L) / 8);
        if (buffer.Length < needed)
        {
            throw new ArrowFormatException($"field '{field.Name}' has {nullCount} nulls but a validity bitmap of {buffer.Length} bytes; it needs {needed}");
        }
        return buffer[..needed];
    }

    private ReadOnlyMemory<byte> Fixed(ArrowField field, ArrowType type, int length)
    {
        var buffer = NextBuffer(field);
        var needed = (((long)length * type.FixedBitWidth) + 7) / 8;
        if (buffer.Length < needed)
        {
            throw new ArrowFormatException($"field '{field.Name}' ({type}) has {length} values but a {buffer.Length}-byte data buffer; it needs {needed}");
        }
        return buffer[..(int)needed];
    }

    private static ReadOnlyMemory<byte> Offsets(ArrowField field, ReadOnlyMemory<byte> buffer, int length, bool large, long limit)
    {
        if (length == 0 && buffer.IsEmpty)
        {
            return default;
        }
        var width = large ? 8 : 4;
        var needed = ((long)length + 1) * width;
        if (buffer.Length < needed)
        {
            throw new ArrowFormatException($"field '{field.Name}' has {length} values but a {buffer.Length}-byte offsets buffer; it needs {needed}");
        }
        var span = buffer.Span;
        long previous = large ? BinaryPrimitives.ReadInt64LittleEndian(span) : BinaryPrimitives.ReadInt32LittleEndian(span);
        if (previous < 0)
        {
            throw new ArrowFormatException($"field '{field.Name}' has a negative first offset {previous}");
        }
        for (var i = 1; i <= length; i++)
        {
            long next = large ? BinaryPrimitives.ReadInt64LittleEndian(span[(i * 8)..]) : BinaryPrimitives.ReadInt32LittleEndian(span[(i * 4)..]);
            if (next < previous)
            {
                throw new ArrowFormatException($"field '{field.Name}' has decreasing offsets at value {i - 1} ({previous} then {next})");
            }
            previous = next;
        }
        if (previous > limit || (large && previous > int.MaxValue))
        {
            throw new ArrowFormatException($"field '{field.Name}' has offsets up to {previous} but only {limit} bytes or child values");
        }
        return buffer[..(int)needed];
    }

    private ReadOnlyMemory<byte> NextBuffer(ArrowField field)
    {
        if (_buffer >= _header.Buffers.Length)
        {
            throw new ArrowFormatException($"record batch has {_header.Buffers.Length} buffers, too few for the schema (at field '{field.Name}')");
        }
        var spec = _header.Buffers[_buffer++];
        if (spec.Offset < 0 || spec.Length < 0 || spec.Offset > _body.Length || spec.Length > _body.Length - spec.Offset)
        {
            throw new ArrowFormatException($"buffer {_buffer - 1} of field '{field.Name}' (offset {spec.Offset}, length {spec.Length}) lies outside the {_body.Length}-byte body");
        }
        var raw = _body.Slice((int)spec.Offset, (int)spec.Length);
        return _header.Compression == ArrowCompression.None || raw.IsEmpty ? raw : Decompress(field, raw);
    }

    private ReadOnlyMemory<byte> Decompress(ArrowField field, ReadOnlyMemory<byte> raw)
    {
        if (raw.Length < 8)
        {
            throw new ArrowFormatException($"compressed buffer of field '{field.Name}' is {raw.Length} bytes, too short for its length prefix");
        }
        var uncompressed = BinaryPrimitives.ReadInt64LittleEndian(raw.Span);
        var frame = raw[8..];
        if (uncompressed == -1)
        {
            return frame; // the writer left this buffer uncompressed
        }
        var codec = _options.Codec(_header.Compression);
        var declared = codec.DeclaredContentLength(frame.Span);
        // Cap what a corrupt prefix can make us allocate: the frame's own declared size must agree, and without one the
        // codec's best ratio bounds it.
        var cap = declared ?? Math.Min(_options.MaxDecompressedBufferLength, (frame.Length * 255L) + 1024);
        if (uncompressed < 0 || uncompressed > _options.MaxDecompressedBufferLength || uncompressed > cap || (declared is { } d && d != uncompressed))
        {
            throw new ArrowFormatException($"compressed buffer of field '{field.Name}' claims {uncompressed} uncompressed bytes, which its {frame.Length}-byte {_header.Compression} frame cannot hold");
        }
        var target = _pool.Rent((int)uncompressed);
        var written = codec.Decompress(frame.Span, target.AsSpan(0, (int)uncompressed));
        if (written != uncompressed)
        {
            throw new ArrowFormatException($"compressed buffer of field '{field.Name}' is not a valid {_header.Compression} frame of {uncompressed} bytes");
        }
        return target.AsMemory(0, (int)uncompressed);
    }
}
