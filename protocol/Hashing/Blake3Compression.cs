using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Casparian.Protocol.Hashing;

/// <summary>
/// The portable, one-block-at-a-time BLAKE3 compression function. It serves partial
/// chunks, root outputs and extended output; the many-lane compressors do the bulk work.
/// </summary>
internal static class Blake3Compression
{
    /// <summary>Compresses one block and replaces <paramref name="cv"/> with the new chaining value.</summary>
    public static void CompressInPlace(ref Blake3Words cv, ReadOnlySpan<byte> block, uint blockLength, ulong counter, uint flags)
    {
        Span<uint> state = stackalloc uint[16];
        Compress(cv, block, blockLength, counter, flags, state);
        for (var i = 0; i < 8; i++)
        {
            cv[i] = state[i] ^ state[i + 8];
        }
    }

    /// <summary>Compresses one block and writes all 64 bytes of output (the extended-output form).</summary>
    public static void CompressXof(in Blake3Words cv, ReadOnlySpan<byte> block, uint blockLength, ulong counter, uint flags, Span<byte> output64)
    {
        Span<uint> state = stackalloc uint[16];
        Compress(cv, block, blockLength, counter, flags, state);
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(output64[(4 * i)..], state[i] ^ state[i + 8]);
            BinaryPrimitives.WriteUInt32LittleEndian(output64[(4 * (i + 8))..], state[i + 8] ^ cv[i]);
        }
    }

    private static void Compress(in Blake3Words cv, ReadOnlySpan<byte> block, uint blockLength, ulong counter, uint flags, Span<uint> state)
    {
        Span<uint> m = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(4 * i)..]);
        }

        uint v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3], v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
        uint v8 = Blake3Constants.Iv0, v9 = Blake3Constants.Iv1, v10 = Blake3Constants.Iv2, v11 = Blake3Constants.Iv3;
        uint v12 = (uint)counter, v13 = (uint)(counter >> 32), v14 = blockLength, v15 = flags;

        ReadOnlySpan<byte> schedule = Blake3MessageSchedule.Indices;
        for (var round = 0; round < 7; round++)
        {
            var s = schedule.Slice(16 * round, 16);
            G(ref v0, ref v4, ref v8, ref v12, m[s[0]], m[s[1]]);
            G(ref v1, ref v5, ref v9, ref v13, m[s[2]], m[s[3]]);
            G(ref v2, ref v6, ref v10, ref v14, m[s[4]], m[s[5]]);
            G(ref v3, ref v7, ref v11, ref v15, m[s[6]], m[s[7]]);
            G(ref v0, ref v5, ref v10, ref v15, m[s[8]], m[s[9]]);
            G(ref v1, ref v6, ref v11, ref v12, m[s[10]], m[s[11]]);
            G(ref v2, ref v7, ref v8, ref v13, m[s[12]], m[s[13]]);
            G(ref v3, ref v4, ref v9, ref v14, m[s[14]], m[s[15]]);
        }

        state[0] = v0; state[1] = v1; state[2] = v2; state[3] = v3;
        state[4] = v4; state[5] = v5; state[6] = v6; state[7] = v7;
        state[8] = v8; state[9] = v9; state[10] = v10; state[11] = v11;
        state[12] = v12; state[13] = v13; state[14] = v14; state[15] = v15;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref uint a, ref uint b, ref uint c, ref uint d, uint mx, uint my)
    {
        a = a + b + mx;
        d = BitOperations.RotateRight(d ^ a, 16);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 12);
        a = a + b + my;
        d = BitOperations.RotateRight(d ^ a, 8);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 7);
    }
}
