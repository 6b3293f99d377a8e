using System.Buffers.Binary;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Arrays;

/// <summary>
/// A read-only view of one column (or child) in Arrow's columnar layout. Buffers are slices of the memory the batch
/// was read from; nothing is copied. Structural invariants (buffer sizes, offsets within the data) are checked when the
/// array is created by a reader, so accessors only index into already-validated memory.
/// </summary>
public sealed class ArrowArray
{
    public ArrowArray(ArrowType type, int length, int nullCount, ReadOnlyMemory<byte> validity, ReadOnlyMemory<byte> offsets,
        ReadOnlyMemory<byte> values, IReadOnlyList<ArrowArray> children, ArrowArray? dictionary = null)
    {
        Type = type;
        Length = length;
        NullCount = nullCount;
        Validity = validity;
        Offsets = offsets;
        Values = values;
        Children = children;
        Dictionary = dictionary;
    }

    /// <summary>The physical type: for a dictionary-encoded column, the integer type of the indices.</summary>
    public ArrowType Type { get; }

    public int Length { get; }

    public int NullCount { get; }

    /// <summary>The validity bitmap (bit set = value present); empty when the array has no nulls.</summary>
    public ReadOnlyMemory<byte> Validity { get; }

    /// <summary>32- or 64-bit offsets of variable-size types and lists; empty otherwise.</summary>
    public ReadOnlyMemory<byte> Offsets { get; }

    /// <summary>The values of fixed-width types, or the data bytes of binary and string types.</summary>
    public ReadOnlyMemory<byte> Values { get; }

    public IReadOnlyList<ArrowArray> Children { get; }

    /// <summary>The dictionary the indices of this column refer to, when the column is dictionary-encoded.</summary>
    public ArrowArray? Dictionary { get; }

    public bool IsValid(int index)
    {
        if (Type.Id == ArrowTypeId.Null)
        {
            return false;
        }
        return Validity.IsEmpty || (Validity.Span[index >> 3] & (1 << (index & 7))) != 0;
    }

    /// <summary>Start and end offsets of item <paramref name="index"/> of a binary, string or list array.</summary>
    public (long Start, long End) Range(int index)
    {
        var span = Offsets.Span;
        return Type.Layout is ArrowLayout.LargeVariableBinary or ArrowLayout.LargeList
            ? (BinaryPrimitives.ReadInt64LittleEndian(span[(index * 8)..]), BinaryPrimitives.ReadInt64LittleEndian(span[((index + 1) * 8)..]))
            : (BinaryPrimitives.ReadInt32LittleEndian(span[(index * 4)..]), BinaryPrimitives.ReadInt32LittleEndian(span[((index + 1) * 4)..]));
    }

    /// <summary>Offset <paramref name="index"/> (0..Length) of a binary, string or list array; 0 for an empty array without offsets.</summary>
    public long Offset(int index)
    {
        if (Offsets.IsEmpty)
        {
            return 0;
        }
        var span = Offsets.Span;
        return Type.Layout is ArrowLayout.LargeVariableBinary or ArrowLayout.LargeList
            ? BinaryPrimitives.ReadInt64LittleEndian(span[(index * 8)..])
            : BinaryPrimitives.ReadInt32LittleEndian(span[(index * 4)..]);
    }

    /// <summary>The bytes of item <paramref name="index"/> of a binary or string array.</summary>
    public ReadOnlySpan<byte> Bytes(int index)
    {
        var (start, end) = Range(index);
        return Values.Span.Slice((int)start, (int)(end - start));
    }

    /// <summary>The raw bytes of fixed-width value <paramref name="index"/> (not for Bool).</summary>
    public ReadOnlySpan<byte> FixedBytes(int index)
    {
        var width = Type.FixedBitWidth / 8;
        return Values.Span.Slice(index * width, width);
    }

    public bool Bool(int index) => (Values.Span[index >> 3] & (1 << (index & 7))) != 0;

    /// <summary>An integer value widened to 64 bits (signed types sign-extend; uint64 is returned as its bit pattern).</summary>
    public long Int(int index)
    {
        var span = Values.Span;
        return (Type.FixedBitWidth, Type.IsSigned || Type.Id != ArrowTypeId.Int) switch
        {
            (8, true) => (sbyte)span[index],
            (8, false) => span[index],
            (16, true) => BinaryPrimitives.ReadInt16LittleEndian(span[(index * 2)..]),
            (16, false) => BinaryPrimitives.ReadUInt16LittleEndian(span[(index * 2)..]),
            (32, true) => BinaryPrimitives.ReadInt32LittleEndian(span[(index * 4)..]),
            (32, false) => BinaryPrimitives.ReadUInt32LittleEndian(span[(index * 4)..]),
            _ => BinaryPrimitives.ReadInt64LittleEndian(span[(index * 8)..]),
        };
    }

    /// <summary>The dictionary index stored at <paramref name="index"/>, checked against the dictionary's length.</summary>
    public int DictionaryIndex(int index)
    {
        var dictionary = Dictionary ?? throw new InvalidOperationException("column is not dictionary-encoded");
        var value = Int(index);
        if (value < 0 || value >= dictionary.Length)
        {
            throw new ArrowFormatException($"dictionary index {value} at row {index} is outside the {dictionary.Length}-entry dictionary");
        }
        return (int)value;
    }
}
