using System.Buffers.Binary;
using System.Text;

namespace Casparian.Protocol.Arrow.Flatbuffers;

/// <summary>
/// Something that can be serialized into a FlatBuffer: a table, a vector or a string. The builder writes the object
/// tree front to back (a parent before its children), so every unsigned offset points forward as FlatBuffers requires.
/// </summary>
internal abstract class FlatBufferObject
{
    /// <summary>Writes this object at the end of <paramref name="output"/> and returns where offsets to it must point.</summary>
    internal abstract int WriteTo(FlatBufferOutput output);
}

/// <summary>A growable output buffer with the patching helpers the serializer needs.</summary>
internal sealed class FlatBufferOutput
{
    private byte[] _bytes = new byte[256];

    public int Length { get; private set; }

    public void Align(int alignment)
    {
        while (Length % alignment != 0)
        {
            Reserve(1);
        }
    }

    /// <summary>Pads so that after <paramref name="prefix"/> more bytes the position is aligned to <paramref name="alignment"/>.</summary>
    public void AlignAfter(int prefix, int alignment)
    {
        while ((Length + prefix) % alignment != 0)
        {
            Reserve(1);
        }
    }

    /// <summary>Appends <paramref name="count"/> zero bytes and returns where they start.</summary>
    public int Reserve(int count)
    {
        if (Length + count > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        }
        var at = Length;
        Length += count;
        return at;
    }

    public Span<byte> At(int position, int count) => _bytes.AsSpan(position, count);

    /// <summary>Stores at <paramref name="at"/> the forward offset to <paramref name="target"/>.</summary>
    public void PatchOffset(int at, int target) => BinaryPrimitives.WriteUInt32LittleEndian(At(at, 4), (uint)(target - at));

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);
}

/// <summary>Builds one table: scalar fields by slot, and references to other objects.</summary>
internal sealed class FlatBufferTableBuilder : FlatBufferObject
{
    private readonly List<(int Slot, byte[] Scalar, FlatBufferObject? Child)> _fields = [];

    public FlatBufferTableBuilder AddByte(int slot, byte value) => Scalar(slot, [value]);

    public FlatBufferTableBuilder AddBool(int slot, bool value) => Scalar(slot, [value ? (byte)1 : (byte)0]);

    public FlatBufferTableBuilder AddInt16(int slot, short value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteInt16LittleEndian(bytes, value);
        return Scalar(slot, bytes);
    }

    public FlatBufferTableBuilder AddInt32(int slot, int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return Scalar(slot, bytes);
    }

    public FlatBufferTableBuilder AddInt64(int slot, long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return Scalar(slot, bytes);
    }

    public FlatBufferTableBuilder AddObject(int slot, FlatBufferObject child)
    {
        _fields.Add((slot, [], child));
        return this;
    }

    public FlatBufferTableBuilder AddString(int slot, string value) => AddObject(slot, new FlatBufferString(value));

    private FlatBufferTableBuilder Scalar(int slot, byte[] bytes)
    {
        _fields.Add((slot, bytes, null));
        return this;
    }

    internal override int WriteTo(FlatBufferOutput output)
    {
        var slots = _fields.Count == 0 ? 0 : _fields.Max(f => f.Slot) + 1;
        // Lay the table out: 4-byte vtable offset, then fields from the widest down, each naturally aligned.
        var order = _fields.Select((f, i) => (Field: f, Size: f.Child is null ? f.Scalar.Length : 4, Index: i))
            .OrderByDescending(f => f.Size).ThenBy(f => f.Index).ToArray();
        var fieldOffsets = new int[_fields.Count];
        var cursor = 4;
        foreach (var f in order)
        {
            cursor = (cursor + f.Size - 1) / f.Size * f.Size;
            fieldOffsets[f.Index] = cursor;
            cursor += f.Size;
        }
        var tableSize = cursor;

        // The vtable goes first, the table right after it at an 8-byte boundary (so 8-byte scalars are aligned).
        output.Align(2);
        var vtableSize = 4 + (2 * slots);
        var vtable = output.Reserve(vtableSize);
        BinaryPrimitives.WriteUInt16LittleEndian(output.At(vtable, 2), (ushort)vtableSize);
        BinaryPrimitives.WriteUInt16LittleEndian(output.At(vtable + 2, 2), (ushort)tableSize);
        for (var i = 0; i < _fields.Count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(output.At(vtable + 4 + (2 * _fields[i].Slot), 2), (ushort)fieldOffsets[i]);
        }
        output.Align(8);
        var table = output.Reserve(tableSize);
        BinaryPrimitives.WriteInt32LittleEndian(output.At(table, 4), table - vtable);
        for (var i = 0; i < _fields.Count; i++)
        {
            if (_fields[i].Child is null)
            {
                _fields[i].Scalar.CopyTo(output.At(table + fieldOffsets[i], _fields[i].Scalar.Length));
            }
        }
        for (var i = 0; i < _fields.Count; i++)
        {
            if (_fields[i].Child is { } child)
            {
                var target = child.WriteTo(output);
                output.PatchOffset(table + fieldOffsets[i], target);
            }
        }
        return table;
    }

    /// <summary>Serializes this table as the root of a FlatBuffer, padded to a multiple of 8 bytes.</summary>
    public byte[] Finish()
    {
        var output = new FlatBufferOutput();
        output.Reserve(4);
        var root = WriteTo(output);
        output.PatchOffset(0, root);
        output.Align(8);
        return output.Written.ToArray();
    }
}

/// <summary>A UTF-8 string (length, bytes, terminating zero).</summary>
internal sealed class FlatBufferString(string value) : FlatBufferObject
{
    internal override int WriteTo(FlatBufferOutput output)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        output.Align(4);
        var at = output.Reserve(4 + bytes.Length + 1);
        BinaryPrimitives.WriteUInt32LittleEndian(output.At(at, 4), (uint)bytes.Length);
        bytes.CopyTo(output.At(at + 4, bytes.Length));
        return at;
    }
}

/// <summary>A vector of inline structs or scalars, given as raw little-endian bytes.</summary>
internal sealed class FlatBufferStructVector(byte[] elements, int count, int alignment) : FlatBufferObject
{
    internal override int WriteTo(FlatBufferOutput output)
    {
        output.AlignAfter(4, Math.Max(4, alignment));
        var at = output.Reserve(4 + elements.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(output.At(at, 4), (uint)count);
        elements.CopyTo(output.At(at + 4, elements.Length));
        return at;
    }
}

/// <summary>A vector of tables or strings.</summary>
internal sealed class FlatBufferObjectVector(IReadOnlyList<FlatBufferObject> items) : FlatBufferObject
{
    internal override int WriteTo(FlatBufferOutput output)
    {
        output.Align(4);
        var at = output.Reserve(4 + (4 * items.Count));
        BinaryPrimitives.WriteUInt32LittleEndian(output.At(at, 4), (uint)items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var target = items[i].WriteTo(output);
            output.PatchOffset(at + 4 + (4 * i), target);
        }
        return at;
    }
}
