using System.Numerics;

namespace Casparian.Protocol.Hashing;

/// <summary>
/// Hashes whole subtrees of the BLAKE3 tree: whole chunks go through the many-lane
/// compressor together, then each level of parents does too. The result is a few chaining values, not one, so
/// that every level keeps the SIMD lanes full; <see cref="ToParentNode"/> reduces them to the top two.
/// </summary>
internal static unsafe class Blake3Subtree
{
    /// <summary>The most chaining values <see cref="CompressWide"/> returns: the SIMD degree, and at least 2.</summary>
    private const int MaxWideOutputs = Blake3Constants.MaxSimdDegree;

    /// <summary>
    /// Hashes <paramref name="length"/> bytes (more than one chunk) starting at chunk <paramref name="chunkCounter"/>
    /// and writes the chaining values of the subtree root's two children to <paramref name="output64"/>.
    /// </summary>
    public static void ToParentNode(Blake3Backend backend, byte* input, long length, in Blake3Words key, ulong chunkCounter, byte flags, byte* output64)
    {
        var cvs = stackalloc byte[MaxWideOutputs * Blake3Constants.OutputLength];
        var parents = stackalloc byte[MaxWideOutputs / 2 * Blake3Constants.OutputLength];
        var count = CompressWide(backend, input, length, key, chunkCounter, flags, cvs);
        while (count > 2)
        {
            count = CompressParents(backend, cvs, count, key, flags, parents);
            Buffer.MemoryCopy(parents, cvs, MaxWideOutputs * Blake3Constants.OutputLength, count * Blake3Constants.OutputLength);
        }
        Buffer.MemoryCopy(cvs, output64, 2 * Blake3Constants.OutputLength, 2 * Blake3Constants.OutputLength);
    }

    /// <summary>
    /// Hashes a subtree into at most max(degree, 2) chaining values written to <paramref name="output"/>, and
    /// returns how many. Recurses on the left subtree (the largest power of two of chunks smaller than the input)
    /// and the right rest, then joins their outputs with one level of parents.
    /// </summary>
    private static int CompressWide(Blake3Backend backend, byte* input, long length, in Blake3Words key, ulong chunkCounter, byte flags, byte* output)
    {
        var degree = Blake3Backends.Degree(backend);
        if (length <= (long)degree * Blake3Constants.ChunkLength)
        {
            return CompressChunks(backend, input, length, key, chunkCounter, flags, output);
        }

        var leftLength = LeftLength(length);
        var rightChunkCounter = chunkCounter + (ulong)(leftLength / Blake3Constants.ChunkLength);

        // Both children's outputs side by side, so that adjacent pairs are parent blocks.
        var children = stackalloc byte[2 * MaxWideOutputs * Blake3Constants.OutputLength];
        var leftCapacity = Math.Max(degree, 2);
        var leftCount = CompressWide(backend, input, leftLength, key, chunkCounter, flags, children);
        var rightCount = CompressWide(backend, input + leftLength, length - leftLength, key, rightChunkCounter, flags,
            children + (leftCapacity * Blake3Constants.OutputLength));

        // With one lane the left subtree is a single chunk: its chaining value and the right one already form the
        // pair the caller will join, so return both rather than compressing early.
        if (leftCount == 1)
        {
            Buffer.MemoryCopy(children, output, 2 * Blake3Constants.OutputLength, Blake3Constants.OutputLength);
            Buffer.MemoryCopy(children + (leftCapacity * Blake3Constants.OutputLength), output + Blake3Constants.OutputLength,
                Blake3Constants.OutputLength, Blake3Constants.OutputLength);
            return 2;
        }

        // The left subtree is complete, so it filled all its slots and the right outputs follow it directly.
        return CompressParents(backend, children, leftCount + rightCount, key, flags, output);
    }

    /// <summary>Hashes up to degree chunks (the last may be partial) into one chaining value each.</summary>
    private static int CompressChunks(Blake3Backend backend, byte* input, long length, in Blake3Words key, ulong chunkCounter, byte flags, byte* output)
    {
        var inputs = stackalloc byte*[Blake3Constants.MaxSimdDegree];
        var wholeChunks = (int)(length / Blake3Constants.ChunkLength);
        for (var i = 0; i < wholeChunks; i++)
        {
            inputs[i] = input + ((long)i * Blake3Constants.ChunkLength);
        }
        Blake3HashMany.Hash(backend, inputs, wholeChunks, Blake3Constants.BlocksPerChunk, key, chunkCounter, incrementCounter: true,
            flags, Blake3Constants.ChunkStart, Blake3Constants.ChunkEnd, output);

        var rest = (int)(length - ((long)wholeChunks * Blake3Constants.ChunkLength));
        if (rest == 0)
        {
            return wholeChunks;
        }
        var partial = new Blake3ChunkState(key, chunkCounter + (ulong)wholeChunks, flags);
        partial.Update(new ReadOnlySpan<byte>(input + ((long)wholeChunks * Blake3Constants.ChunkLength), rest));
        partial.Output().ChainingValue().WriteTo(new Span<byte>(output + (wholeChunks * Blake3Constants.OutputLength), Blake3Constants.OutputLength));
        return wholeChunks + 1;
    }

    /// <summary>Joins adjacent pairs of chaining values into parents; an odd last one passes through to the next level.</summary>
    private static int CompressParents(Blake3Backend backend, byte* cvs, int count, in Blake3Words key, byte flags, byte* output)
    {
        var inputs = stackalloc byte*[Blake3Constants.MaxSimdDegree];
        var pairs = count / 2;
        for (var i = 0; i < pairs; i++)
        {
            inputs[i] = cvs + (i * Blake3Constants.BlockLength);
        }
        Blake3HashMany.Hash(backend, inputs, pairs, 1, key, 0, incrementCounter: false,
            (byte)(flags | Blake3Constants.Parent), 0, 0, output);
        if (count % 2 == 0)
        {
            return pairs;
        }
        Buffer.MemoryCopy(cvs + (pairs * Blake3Constants.BlockLength), output + (pairs * Blake3Constants.OutputLength),
            Blake3Constants.OutputLength, Blake3Constants.OutputLength);
        return pairs + 1;
    }

    /// <summary>The left subtree's length: the largest power of two of whole chunks that leaves input on the right.</summary>
    private static long LeftLength(long length)
    {
        var fullChunks = (ulong)((length - 1) / Blake3Constants.ChunkLength);
        return (long)BitOperations.RoundUpToPowerOf2(fullChunks + 1) / 2 * Blake3Constants.ChunkLength;
    }
}
