using System.Buffers.Binary;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Arrays;

/// <summary>Appends one array to another of the same type; used to apply delta dictionaries.</summary>
internal static class ArrowArrayConcat
{
    public static ArrowArray Concat(ArrowArray first, ArrowArray second)
    {
        if (first.Type != second.Type)
        {
            throw new ArrowFormatException($"delta dictionary of type {second.Type} does not match the dictionary's type {first.Type}");
        }
        var length = first.Length + second.Length;
        var validity = first.NullCount + second.NullCount == 0 ? default : ConcatBits(first, second, length, a => a.IsValid);
        switch (first.Type.Layout)
        {
            case ArrowLayout.FixedWidth when first.Type.Id == ArrowTypeId.Bool:
                return new ArrowArray(first.Type, length, first.NullCount + second.NullCount, validity, default,
                    ConcatBits(first, second, length, a => a.Bool), []);
            case ArrowLayout.FixedWidth:
            {
                var values = new byte[first.Values.Length + second.Values.Length];
                first.Values.Span.CopyTo(values);
                second.Values.Span.CopyTo(values.AsSpan(first.Values.Length));
                return new ArrowArray(first.Type, length, first.NullCount + second.NullCount, validity, default, values, []);
            }
            case ArrowLayout.VariableBinary:
            case ArrowLayout.LargeVariableBinary:
            {
                var large = first.Type.Layout == ArrowLayout.LargeVariableBinary;
                var width = large ? 8 : 4;
                var firstEnd = first.Length == 0 ? 0 : first.Range(first.Length - 1).End;
                var secondStart = second.Length == 0 ? 0 : second.Range(0).Start;
                var secondEnd = second.Length == 0 ? 0 : second.Range(second.Length - 1).End;
                var firstStart = first.Length == 0 ? 0 : first.Range(0).Start;
                var dataLength = (firstEnd - firstStart) + (secondEnd - secondStart);
                if (dataLength > int.MaxValue)
                {
                    throw new ArrowFormatException("delta dictionary would grow the dictionary beyond 2 GiB");
                }
                var data = new byte[dataLength];
                first.Values.Span[(int)firstStart..(int)firstEnd].CopyTo(data);
                second.Values.Span[(int)secondStart..(int)secondEnd].CopyTo(data.AsSpan((int)(firstEnd - firstStart)));
                var offsets = new byte[(length + 1) * width];
                long position = 0;
                var i = 0;
                void Write(long value)
                {
                    if (large)
                    {
                        BinaryPrimitives.WriteInt64LittleEndian(offsets.AsSpan(i * 8), value);
                    }
                    else
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(offsets.AsSpan(i * 4), (int)value);
                    }
                    i++;
                }
                Write(0);
                foreach (var source in new[] { first, second })
                {
                    for (var k = 0; k < source.Length; k++)
                    {
                        var (s, e) = source.Range(k);
                        position += e - s;
                        Write(position);
                    }
                }
                return new ArrowArray(first.Type, length, first.NullCount + second.NullCount, validity, offsets, data, []);
            }
            default:
                throw new ArrowFormatException($"delta dictionaries of type {first.Type} are not supported (primitive, binary and string are)");
        }
    }

    private static byte[] ConcatBits(ArrowArray first, ArrowArray second, int length, Func<ArrowArray, Func<int, bool>> bit)
    {
        var bits = new byte[(length + 7) / 8];
        var i = 0;
        foreach (var source in new[] { first, second })
        {
            var get = bit(source);
            for (var k = 0; k < source.Length; k++, i++)
            {
                if (get(k))
                {
                    bits[i >> 3] |= (byte)(1 << (i & 7));
                }
            }
        }
        return bits;
    }
}
