using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Casparian.Protocol.Hashing;

/// <summary>
/// Compresses <c>TLanes.Lanes</c> equally long inputs (whole chunks or parent blocks) at once: word i of every
/// input's state lives in one vector, one input per lane, so each G step is a handful of vector instructions.
/// Written once over <typeparamref name="TLanes"/>; the JIT specialises it for every vector width.
/// </summary>
[SkipLocalsInit]
internal static unsafe class Blake3ManyLanes<TVec, TLanes>
    where TVec : unmanaged
    where TLanes : struct, IBlake3Lanes<TVec>
{
    /// <summary>
    /// Hashes exactly <c>TLanes.Lanes</c> inputs of <paramref name="blocks"/> 64-byte blocks each and writes one
    /// 32-byte chaining value per input to <paramref name="output"/>, in input order.
    /// </summary>
    public static void Hash(
        byte** inputs, int blocks, in Blake3Words key, ulong counter, bool incrementCounter,
        byte flags, byte flagsStart, byte flagsEnd, byte* output)
    {
        var lanes = TLanes.Lanes;
        uint* counterWords = stackalloc uint[2 * Blake3Constants.MaxSimdDegree];
        for (var lane = 0; lane < lanes; lane++)
        {
            var laneCounter = incrementCounter ? counter + (ulong)lane : counter;
            counterWords[lane] = (uint)laneCounter;
            counterWords[Blake3Constants.MaxSimdDegree + lane] = (uint)(laneCounter >> 32);
        }
        var counterLow = TLanes.Load(counterWords);
        var counterHigh = TLanes.Load(counterWords + Blake3Constants.MaxSimdDegree);
        var blockLength = TLanes.Broadcast(Blake3Constants.BlockLength);

        TVec h0 = TLanes.Broadcast(key[0]), h1 = TLanes.Broadcast(key[1]), h2 = TLanes.Broadcast(key[2]), h3 = TLanes.Broadcast(key[3]);
        TVec h4 = TLanes.Broadcast(key[4]), h5 = TLanes.Broadcast(key[5]), h6 = TLanes.Broadcast(key[6]), h7 = TLanes.Broadcast(key[7]);

        // The transposed message is read 112 times per block: align it to 64 bytes so no access splits a cache line.
        byte* messageSpace = stackalloc byte[(16 * sizeof(TVec)) + 64];
        TVec* m = (TVec*)(((nuint)messageSpace + 63) & ~(nuint)63);
        byte* schedule = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(Blake3MessageSchedule.Indices));
        uint blockFlags = (uint)(flags | flagsStart);
        for (var block = 0; block < blocks; block++)
        {
            if (block == blocks - 1)
            {
                blockFlags |= flagsEnd;
            }
            TLanes.LoadMessage(inputs, (nuint)(block * Blake3Constants.BlockLength), m);

            TVec v0 = h0, v1 = h1, v2 = h2, v3 = h3, v4 = h4, v5 = h5, v6 = h6, v7 = h7;
            TVec v8 = TLanes.Broadcast(Blake3Constants.Iv0), v9 = TLanes.Broadcast(Blake3Constants.Iv1);
            TVec v10 = TLanes.Broadcast(Blake3Constants.Iv2), v11 = TLanes.Broadcast(Blake3Constants.Iv3);
            TVec v12 = counterLow, v13 = counterHigh, v14 = blockLength, v15 = TLanes.Broadcast(blockFlags);

            // Seven rounds; the message schedule picks which words each G mixes in. G is spelled out (not a
            // method taking refs) so the sixteen state vectors stay in registers.
            for (var round = 0; round < 7; round++)
            {
                var s = schedule + (16 * round);
                v0 = TLanes.Add(TLanes.Add(v0, v4), m[s[0]]); v12 = TLanes.RotateRight16(TLanes.Xor(v12, v0));
                v8 = TLanes.Add(v8, v12); v4 = TLanes.RotateRight12(TLanes.Xor(v4, v8));
                v0 = TLanes.Add(TLanes.Add(v0, v4), m[s[1]]); v12 = TLanes.RotateRight8(TLanes.Xor(v12, v0));
                v8 = TLanes.Add(v8, v12); v4 = TLanes.RotateRight7(TLanes.Xor(v4, v8));
                v1 = TLanes.Add(TLanes.Add(v1, v5), m[s[2]]); v13 = TLanes.RotateRight16(TLanes.Xor(v13, v1));
                v9 = TLanes.Add(v9, v13); v5 = TLanes.RotateRight12(TLanes.Xor(v5, v9));
                v1 = TLanes.Add(TLanes.Add(v1, v5), m[s[3]]); v13 = TLanes.RotateRight8(TLanes.Xor(v13, v1));
                v9 = TLanes.Add(v9, v13); v5 = TLanes.RotateRight7(TLanes.Xor(v5, v9));
                v2 = TLanes.Add(TLanes.Add(v2, v6), m[s[4]]); v14 = TLanes.RotateRight16(TLanes.Xor(v14, v2));
                v10 = TLanes.Add(v10, v14); v6 = TLanes.RotateRight12(TLanes.Xor(v6, v10));
                v2 = TLanes.Add(TLanes.Add(v2, v6), m[s[5]]); v14 = TLanes.RotateRight8(TLanes.Xor(v14, v2));
                v10 = TLanes.Add(v10, v14); v6 = TLanes.RotateRight7(TLanes.Xor(v6, v10));
                v3 = TLanes.Add(TLanes.Add(v3, v7), m[s[6]]); v15 = TLanes.RotateRight16(TLanes.Xor(v15, v3));
                v11 = TLanes.Add(v11, v15); v7 = TLanes.RotateRight12(TLanes.Xor(v7, v11));
                v3 = TLanes.Add(TLanes.Add(v3, v7), m[s[7]]); v15 = TLanes.RotateRight8(TLanes.Xor(v15, v3));
                v11 = TLanes.Add(v11, v15); v7 = TLanes.RotateRight7(TLanes.Xor(v7, v11));

                v0 = TLanes.Add(TLanes.Add(v0, v5), m[s[8]]); v15 = TLanes.RotateRight16(TLanes.Xor(v15, v0));
                v10 = TLanes.Add(v10, v15); v5 = TLanes.RotateRight12(TLanes.Xor(v5, v10));
                v0 = TLanes.Add(TLanes.Add(v0, v5), m[s[9]]); v15 = TLanes.RotateRight8(TLanes.Xor(v15, v0));
                v10 = TLanes.Add(v10, v15); v5 = TLanes.RotateRight7(TLanes.Xor(v5, v10));
                v1 = TLanes.Add(TLanes.Add(v1, v6), m[s[10]]); v12 = TLanes.RotateRight16(TLanes.Xor(v12, v1));
                v11 = TLanes.Add(v11, v12); v6 = TLanes.RotateRight12(TLanes.Xor(v6, v11));
                v1 = TLanes.Add(TLanes.Add(v1, v6), m[s[11]]); v12 = TLanes.RotateRight8(TLanes.Xor(v12, v1));
                v11 = TLanes.Add(v11, v12); v6 = TLanes.RotateRight7(TLanes.Xor(v6, v11));
                v2 = TLanes.Add(TLanes.Add(v2, v7), m[s[12]]); v13 = TLanes.RotateRight16(TLanes.Xor(v13, v2));
                v8 = TLanes.Add(v8, v13); v7 = TLanes.RotateRight12(TLanes.Xor(v7, v8));
                v2 = TLanes.Add(TLanes.Add(v2, v7), m[s[13]]); v13 = TLanes.RotateRight8(TLanes.Xor(v13, v2));
                v8 = TLanes.Add(v8, v13); v7 = TLanes.RotateRight7(TLanes.Xor(v7, v8));
                v3 = TLanes.Add(TLanes.Add(v3, v4), m[s[14]]); v14 = TLanes.RotateRight16(TLanes.Xor(v14, v3));
                v9 = TLanes.Add(v9, v14); v4 = TLanes.RotateRight12(TLanes.Xor(v4, v9));
                v3 = TLanes.Add(TLanes.Add(v3, v4), m[s[15]]); v14 = TLanes.RotateRight8(TLanes.Xor(v14, v3));
                v9 = TLanes.Add(v9, v14); v4 = TLanes.RotateRight7(TLanes.Xor(v4, v9));
            }

            h0 = TLanes.Xor(v0, v8); h1 = TLanes.Xor(v1, v9); h2 = TLanes.Xor(v2, v10); h3 = TLanes.Xor(v3, v11);
            h4 = TLanes.Xor(v4, v12); h5 = TLanes.Xor(v5, v13); h6 = TLanes.Xor(v6, v14); h7 = TLanes.Xor(v7, v15);
            blockFlags = flags;
        }

        // Transpose back: lane i of h0..h7 is input i's chaining value. Once per input, so a scalar scatter is fine.
        uint* words = stackalloc uint[8 * Blake3Constants.MaxSimdDegree];
        TLanes.Store(h0, words); TLanes.Store(h1, words + lanes); TLanes.Store(h2, words + (2 * lanes)); TLanes.Store(h3, words + (3 * lanes));
        TLanes.Store(h4, words + (4 * lanes)); TLanes.Store(h5, words + (5 * lanes)); TLanes.Store(h6, words + (6 * lanes)); TLanes.Store(h7, words + (7 * lanes));
        for (var lane = 0; lane < lanes; lane++)
        {
            var cv = (uint*)(output + (lane * Blake3Constants.OutputLength));
            for (var w = 0; w < 8; w++)
            {
                cv[w] = words[(w * lanes) + lane];
            }
        }
    }
}
