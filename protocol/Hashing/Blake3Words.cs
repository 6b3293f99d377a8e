using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Casparian.Protocol.Hashing;

/// <summary>Eight 32-bit words: a key or a chaining value, kept inline so hashers allocate nothing per node.</summary>
[InlineArray(8)]
internal struct Blake3Words
{
    private uint _word;

    /// <summary>The BLAKE3 initial vector, which is also the key of the unkeyed hash.</summary>
    public static Blake3Words Iv()
    {
        var words = default(Blake3Words);
        words[0] = Blake3Constants.Iv0;
        words[1] = Blake3Constants.Iv1;
        words[2] = Blake3Constants.Iv2;
        words[3] = Blake3Constants.Iv3;
        words[4] = Blake3Constants.Iv4;
        words[5] = Blake3Constants.Iv5;
        words[6] = Blake3Constants.Iv6;
        words[7] = Blake3Constants.Iv7;
        return words;
    }

    /// <summary>Reads 32 bytes as eight little-endian words.</summary>
    public static Blake3Words FromBytes(ReadOnlySpan<byte> bytes)
    {
        var words = default(Blake3Words);
        for (var i = 0; i < 8; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * i)..]);
        }
        return words;
    }

    /// <summary>Writes the eight words as 32 little-endian bytes.</summary>
    public readonly void WriteTo(Span<byte> destination)
    {
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(4 * i)..], this[i]);
        }
    }
}
