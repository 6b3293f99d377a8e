using System.Buffers.Binary;
using System.Text;

namespace Casparian.Protocol.Arrow.Flatbuffers;

/// <summary>
/// A bounds-checked view of one FlatBuffers table. Every offset read from the buffer is checked against the buffer
/// before it is followed, so hostile metadata fails with <see cref="ArrowFormatException"/> instead of reading outside
/// the received bytes.
/// </summary>
internal readonly struct FlatBufferTable
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly int _position;
    private readonly int _vtable;
    private readonly int _vtableSize;
    private readonly int _tableSize;

    /// <summary>What the table is (e.g. "Field"), used in error messages.</summary>
    public string What { get; }

    private FlatBufferTable(ReadOnlyMemory<byte> buffer, int position, string what)
    {
        var span = buffer.Span;
        What = what;
        if (position < 0 || (long)position + 4 > span.Length)
        {
            throw new ArrowFormatException($"FlatBuffer table {what} at offset {position} lies outside the {span.Length}-byte metadata");
        }
        long vtable = position - (long)BinaryPrimitives.ReadInt32LittleEndian(span[position..]);
        if (vtable < 0 || vtable + 4 > span.Length)
        {
            throw new ArrowFormatException($"FlatBuffer table {what} at offset {position} has a vtable offset outside the metadata");
        }
        var vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(span[(int)vtable..]);
        var tableSize = BinaryPrimitives.ReadUInt16LittleEndian(span[((int)vtable + 2)..]);
        if (vtableSize < 4 || vtable + vtableSize > span.Length || tableSize < 4 || (long)position + tableSize > span.Length)
        {
            throw new ArrowFormatException($"FlatBuffer table {what} at offset {position} has a vtable of impossible size");
        }
        _buffer = buffer;
        _position = position;
        _vtable = (int)vtable;
        _vtableSize = vtableSize;
        _tableSize = tableSize;
    }

    /// <summary>Opens the root table of a FlatBuffer (its first four bytes are the offset of the root).</summary>
    public static FlatBufferTable Root(ReadOnlyMemory<byte> buffer, string what)
    {
        if (buffer.Length < 8)
        {
            throw new ArrowFormatException($"FlatBuffer {what} is {buffer.Length} bytes, too short to hold a root table");
        }
        return new FlatBufferTable(buffer, Follow(buffer.Span, 0, what), what);
    }

    // Offset of the field inside the table, or 0 when the field is absent (default value applies).
    private int FieldPosition(int slot, int size)
    {
        var entry = 4 + (2 * slot);
        if (entry + 2 > _vtableSize)
        {
            return 0;
        }
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.Span[(_vtable + entry)..]);
        if (offset == 0)
        {
            return 0;
        }
        if (offset + size > _tableSize)
        {
            throw new ArrowFormatException($"FlatBuffer table {What}: field {slot} at offset {offset} lies outside the {_tableSize}-byte table");
        }
        return _position + offset;
    }

    private static int Follow(ReadOnlySpan<byte> span, int at, string what)
    {
        if (at < 0 || (long)at + 4 > span.Length)
        {
            throw new ArrowFormatException($"FlatBuffer offset to {what} at {at} lies outside the {span.Length}-byte metadata");
        }
        long target = at + (long)BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);
        if (target + 4 > span.Length)
        {
            throw new ArrowFormatException($"FlatBuffer offset to {what} at {at} points to {target}, outside the {span.Length}-byte metadata");
        }
        return (int)target;
    }

    public bool Has(int slot) => FieldPosition(slot, 0) != 0;

    public byte GetByte(int slot, byte defaultValue)
    {
        var p = FieldPosition(slot, 1);
        return p == 0 ? defaultValue : _buffer.Span[p];
    }

    public bool GetBool(int slot, bool defaultValue = false) => GetByte(slot, defaultValue ? (byte)1 : (byte)0) != 0;

    public short GetInt16(int slot, short defaultValue)
    {
        var p = FieldPosition(slot, 2);
        return p == 0 ? defaultValue : BinaryPrimitives.ReadInt16LittleEndian(_buffer.Span[p..]);
    }

    public int GetInt32(int slot, int defaultValue)
    {
        var p = FieldPosition(slot, 4);
        return p == 0 ? defaultValue : BinaryPrimitives.ReadInt32LittleEndian(_buffer.Span[p..]);
    }

    public long GetInt64(int slot, long defaultValue)
    {
        var p = FieldPosition(slot, 8);
        return p == 0 ? defaultValue : BinaryPrimitives.ReadInt64LittleEndian(_buffer.Span[p..]);
    }

    /// <summary>The sub-table in <paramref name="slot"/>, or null when absent.</summary>
    public FlatBufferTable? GetTable(int slot, string what)
    {
        var p = FieldPosition(slot, 4);
        return p == 0 ? null : new FlatBufferTable(_buffer, Follow(_buffer.Span, p, what), what);
    }

    /// <summary>The string in <paramref name="slot"/>, or null when absent.</summary>
    public string? GetString(int slot, string what)
    {
        var vector = GetVector(slot, 1, what);
        return vector is null ? null : Encoding.UTF8.GetString(vector.Value.Bytes.Span);
    }

    /// <summary>The vector in <paramref name="slot"/> whose elements are <paramref name="elementSize"/> bytes, or null when absent.</summary>
    public FlatBufferVector? GetVector(int slot, int elementSize, string what)
    {
        var p = FieldPosition(slot, 4);
        if (p == 0)
        {
            return null;
        }
        var span = _buffer.Span;
        var start = Follow(span, p, what);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(span[start..]);
        if (count * (long)elementSize > span.Length - (start + 4L))
        {
            throw new ArrowFormatException($"FlatBuffer vector {what} claims {count} elements of {elementSize} bytes, more than the metadata holds");
        }
        return new FlatBufferVector(_buffer, start + 4, (int)count, elementSize, what);
    }

    /// <summary>Opens the table whose offset is stored at <paramref name="at"/> (an element of a vector of tables).</summary>
    internal static FlatBufferTable AtOffset(ReadOnlyMemory<byte> buffer, int at, string what) =>
        new(buffer, Follow(buffer.Span, at, what), what);
}

/// <summary>A bounds-checked FlatBuffers vector (its extent was checked when it was opened).</summary>
internal readonly struct FlatBufferVector
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly int _start;
    private readonly int _elementSize;
    private readonly string _what;

    public FlatBufferVector(ReadOnlyMemory<byte> buffer, int start, int count, int elementSize, string what)
    {
        _buffer = buffer;
        _start = start;
        Count = count;
        _elementSize = elementSize;
        _what = what;
    }

    public int Count { get; }

    /// <summary>The raw bytes of all elements.</summary>
    public ReadOnlyMemory<byte> Bytes => _buffer.Slice(_start, Count * _elementSize);

    public FlatBufferTable Table(int index) => FlatBufferTable.AtOffset(_buffer, _start + (index * 4), _what);

    public string String(int index)
    {
        var span = _buffer.Span;
        var at = _start + (index * 4);
        long target = at + (long)BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);
        if (target + 4 > span.Length)
        {
            throw new ArrowFormatException($"FlatBuffer string in {_what} points outside the metadata");
        }
        var length = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)target..]);
        if (length > span.Length - (target + 4))
        {
            throw new ArrowFormatException($"FlatBuffer string in {_what} claims {length} bytes, more than the metadata holds");
        }
        return Encoding.UTF8.GetString(span.Slice((int)target + 4, (int)length));
    }

    public long Int64(int index, int fieldOffset = 0) =>
        BinaryPrimitives.ReadInt64LittleEndian(_buffer.Span[(_start + (index * _elementSize) + fieldOffset)..]);

    public int Int32(int index, int fieldOffset = 0) =>
        BinaryPrimitives.ReadInt32LittleEndian(_buffer.Span[(_start + (index * _elementSize) + fieldOffset)..]);
}
