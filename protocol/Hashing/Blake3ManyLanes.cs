using System.Runtime.CompilerServices;

namespace Casparian.Protocol.Hashing;

/// <summary>
/// Compresses <c>TLanes.Lanes</c> equally long inputs (whole chunks or parent blocks) at once: word i of every
/// input's state lives in one vector, one input per lane, so each G step is a handful of vector instructions.
/// Written once over <typeparamref name="TLanes"/>; the JIT specialises it for every vector width.
/// </summary>
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

        TVec* m = stackalloc TVec[16];
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

            // round 0
            G(ref v0, ref v4, ref v8, ref v12, m[0], m[1]);
            G(ref v1, ref v5, ref v9, ref v13, m[2], m[3]);
            G(ref v2, ref v6, ref v10, ref v14, m[4], m[5]);
            G(ref v3, ref v7, ref v11, ref v15, m[6], m[7]);
            G(ref v0, ref v5, ref v10, ref v15, m[8], m[9]);
            G(ref v1, ref v6, ref v11, ref v12, m[10], m[11]);
            G(ref v2, ref v7, ref v8, ref v13, m[12], m[13]);
            G(ref v3, ref v4, ref v9, ref v14, m[14], m[15]);
            // round 1
            G(ref v0, ref v4, ref v8, ref v12, m[2], m[6]);
            G(ref v1, ref v5, ref v9, ref v13, m[3], m[10]);
            G(ref v2, ref v6, ref v10, ref v14, m[7], m[0]);
            G(ref v3, ref v7, ref v11, ref v15, m[4], m[13]);
            G(ref v0, ref v5, ref v10, ref v15, m[1], m[11]);
            G(ref v1, ref v6, ref v11, ref v12, m[12], m[5]);
            G(ref v2, ref v7, ref v8, ref v13, m[9], m[14]);
            G(ref v3, ref v4, ref v9, ref v14, m[15], m[8]);
            // round 2
            G(ref v0, ref v4, ref v8, ref v12, m[3], m[4]);
            G(ref v1, ref v5, ref v9, ref v13, m[10], m[12]);
            G(ref v2, ref v6, ref v10, ref v14, m[13], m[2]);
            G(ref v3, ref v7, ref v11, ref v15, m[7], m[14]);
            G(ref v0, ref v5, ref v10, ref v15, m[6], m[5]);
            G(ref v1, ref v6, ref v11, ref v12, m[9], m[0]);
            G(ref v2, ref v7, ref v8, ref v13, m[11], m[15]);
            G(ref v3, ref v4, ref v9, ref v14, m[8], m[1]);
            // round 3
            G(ref v0, ref v4, ref v8, ref v12, m[10], m[7]);
            G(ref v1, ref v5, ref v9, ref v13, m[12], m[9]);
            G(ref v2, ref v6, ref v10, ref v14, m[14], m[3]);
            G(ref v3, ref v7, ref v11, ref v15, m[13], m[15]);
            G(ref v0, ref v5, ref v10, ref v15, m[4], m[0]);
            G(ref v1, ref v6, ref v11, ref v12, m[11], m[2]);
            G(ref v2, ref v7, ref v8, ref v13, m[5], m[8]);
            G(ref v3, ref v4, ref v9, ref v14, m[1], m[6]);
            // round 4
            G(ref v0, ref v4, ref v8, ref v12, m[12], m[13]);
            G(ref v1, ref v5, ref v9, ref v13, m[9], m[11]);
            G(ref v2, ref v6, ref v10, ref v14, m[15], m[10]);
            G(ref v3, ref v7, ref v11, ref v15, m[14], m[8]);
            G(ref v0, ref v5, ref v10, ref v15, m[7], m[2]);
            G(ref v1, ref v6, ref v11, ref v12, m[5], m[3]);
            G(ref v2, ref v7, ref v8, ref v13, m[0], m[1]);
            G(ref v3, ref v4, ref v9, ref v14, m[6], m[4]);
            // round 5
            G(ref v0, ref v4, ref v8, ref v12, m[9], m[14]);
            G(ref v1, ref v5, ref v9, ref v13, m[11], m[5]);
            G(ref v2, ref v6, ref v10, ref v14, m[8], m[12]);
            G(ref v3, ref v7, ref v11, ref v15, m[15], m[1]);
            G(ref v0, ref v5, ref v10, ref v15, m[13], m[3]);
            G(ref v1, ref v6, ref v11, ref v12, m[0], m[10]);
            G(ref v2, ref v7, ref v8, ref v13, m[2], m[6]);
            G(ref v3, ref v4, ref v9, ref v14, m[4], m[7]);
            // round 6
            G(ref v0, ref v4, ref v8, ref v12, m[11], m[15]);
            G(ref v1, ref v5, ref v9, ref v13, m[5], m[0]);
            G(ref v2, ref v6, ref v10, ref v14, m[1], m[9]);
            G(ref v3, ref v7, ref v11, ref v15, m[8], m[6]);
            G(ref v0, ref v5, ref v10, ref v15, m[14], m[10]);
            G(ref v1, ref v6, ref v11, ref v12, m[2], m[12]);
            G(ref v2, ref v7, ref v8, ref v13, m[3], m[4]);
            G(ref v3, ref v4, ref v9, ref v14, m[7], m[13]);

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref TVec a, ref TVec b, ref TVec c, ref TVec d, TVec mx, TVec my)
    {
        a = TLanes.Add(TLanes.Add(a, b), mx);
        d = TLanes.RotateRight16(TLanes.Xor(d, a));
        c = TLanes.Add(c, d);
        b = TLanes.RotateRight12(TLanes.Xor(b, c));
        a = TLanes.Add(TLanes.Add(a, b), my);
        d = TLanes.RotateRight8(TLanes.Xor(d, a));
        c = TLanes.Add(c, d);
        b = TLanes.RotateRight7(TLanes.Xor(b, c));
    }
}
