using System.Runtime.Intrinsics;

namespace Casparian.Protocol.Hashing;

/// <summary>
/// Hashes many equally long inputs (whole chunks, or parent blocks) into one chaining value each, using the widest
/// compressor allowed and narrower ones for the remainder.
/// </summary>
internal static unsafe class Blake3HashMany
{
    /// <summary>
    /// Writes one 32-byte chaining value per input to <paramref name="output"/>. Input i uses counter
    /// <c>counter + i</c> when <paramref name="incrementCounter"/> (chunks) and <paramref name="counter"/> otherwise
    /// (parents). The first block gets <paramref name="flagsStart"/> and the last <paramref name="flagsEnd"/>.
    /// </summary>
    public static void Hash(
        Blake3Backend backend, byte** inputs, int count, int blocks, in Blake3Words key, ulong counter,
        bool incrementCounter, byte flags, byte flagsStart, byte flagsEnd, byte* output)
    {
        var done = 0;
        if (backend >= Blake3Backend.Vector512)
        {
            for (; count - done >= 16; done += 16)
            {
                Blake3ManyLanes<Vector512<uint>, Blake3Lanes512>.Hash(
                    inputs + done, blocks, key, Next(counter, done, incrementCounter), incrementCounter, flags, flagsStart, flagsEnd,
                    output + (done * Blake3Constants.OutputLength));
            }
        }
        if (backend >= Blake3Backend.Vector256)
        {
            for (; count - done >= 8; done += 8)
            {
                Blake3ManyLanes<Vector256<uint>, Blake3Lanes256>.Hash(
                    inputs + done, blocks, key, Next(counter, done, incrementCounter), incrementCounter, flags, flagsStart, flagsEnd,
                    output + (done * Blake3Constants.OutputLength));
            }
        }
        if (backend >= Blake3Backend.Vector128)
        {
            for (; count - done >= 4; done += 4)
            {
                Blake3ManyLanes<Vector128<uint>, Blake3Lanes128>.Hash(
                    inputs + done, blocks, key, Next(counter, done, incrementCounter), incrementCounter, flags, flagsStart, flagsEnd,
                    output + (done * Blake3Constants.OutputLength));
            }
        }
        for (; done < count; done++)
        {
            HashOne(inputs[done], blocks, key, Next(counter, done, incrementCounter), flags, flagsStart, flagsEnd,
                output + (done * Blake3Constants.OutputLength));
        }
    }

    private static ulong Next(ulong counter, int done, bool incrementCounter) =>
        incrementCounter ? counter + (ulong)done : counter;

    private static void HashOne(byte* input, int blocks, in Blake3Words key, ulong counter, byte flags, byte flagsStart, byte flagsEnd, byte* output)
    {
        var cv = key;
        uint blockFlags = (uint)(flags | flagsStart);
        for (var block = 0; block < blocks; block++)
        {
            if (block == blocks - 1)
            {
                blockFlags |= flagsEnd;
            }
            Blake3Compression.CompressInPlace(ref cv, new ReadOnlySpan<byte>(input + (block * Blake3Constants.BlockLength), Blake3Constants.BlockLength),
                Blake3Constants.BlockLength, counter, blockFlags);
            blockFlags = flags;
        }
        cv.WriteTo(new Span<byte>(output, Blake3Constants.OutputLength));
    }
}
