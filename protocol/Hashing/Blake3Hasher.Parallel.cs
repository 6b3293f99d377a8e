namespace Casparian.Protocol.Hashing;

/// <summary>Multi-threaded updates: whole aligned subtrees are hashed on several threads and merged in order.</summary>
public sealed unsafe partial class Blake3Hasher
{
    /// <summary>
    /// Bytes per parallel work item: a power of two of chunks, large enough (about 50 us of work) that scheduling is
    /// negligible, and small enough that the last item of each update, which stays on the calling thread because it
    /// holds the final chunk, is a small share of a 16 MiB block.
    /// </summary>
    internal const int ParallelSubtreeLength = 256 << 10;

    /// <summary>Work items per batch, which bounds the memory for their chaining values on huge inputs.</summary>
    private const int ParallelBatch = 4096;

    /// <summary>
    /// Absorbs <paramref name="input"/> using up to <paramref name="maxThreads"/> threads; the result is identical
    /// to <see cref="Update(ReadOnlySpan{byte})"/>. Small inputs and <paramref name="maxThreads"/> of 1 stay on the
    /// calling thread.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxThreads"/> is less than 1.</exception>
    public void UpdateParallel(ReadOnlySpan<byte> input, int maxThreads)
    {
        fixed (byte* pointer = input)
        {
            UpdateParallel(pointer, input.Length, maxThreads);
        }
    }

    /// <summary>Pointer form of <see cref="UpdateParallel(ReadOnlySpan{byte}, int)"/> for inputs beyond 2 GiB.</summary>
    internal void UpdateParallel(byte* input, long length, int maxThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        if (maxThreads == 1 || length < 2L * ParallelSubtreeLength)
        {
            Update(input, length);
            return;
        }

        // Bring the hasher to a work-item boundary on this thread, so every item is an aligned subtree.
        var position = (long)(_chunk.ChunkCounter * Blake3Constants.ChunkLength) + _chunk.Length;
        var lead = (ParallelSubtreeLength - (position % ParallelSubtreeLength)) % ParallelSubtreeLength;
        if (lead > 0)
        {
            Update(input, lead);
            input += lead;
            length -= lead;
        }

        // Ending on the boundary leaves the last chunk buffered (full); more input follows, so close it.
        if (_chunk.Length == Blake3Constants.ChunkLength)
        {
            CloseFullChunk();
        }

        const ulong chunksPerItem = ParallelSubtreeLength / Blake3Constants.ChunkLength;
        var chainingValues = new Blake3Words[Math.Min(ParallelBatch, (int)Math.Min(int.MaxValue, length / ParallelSubtreeLength))];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxThreads };

        // Strictly more than the items must remain: the last chunk has to stay in the hasher as a root candidate.
        while (length > ParallelSubtreeLength)
        {
            var items = (int)Math.Min(ParallelBatch, (length - 1) / ParallelSubtreeLength);
            var start = (nint)input;
            var firstChunk = _chunk.ChunkCounter;
            var backend = _backend;
            var key = _key;
            var flags = _flags;
            Parallel.For(0, items, options, item =>
            {
                var children = stackalloc byte[2 * Blake3Constants.OutputLength];
                var subtree = (byte*)start + ((long)item * ParallelSubtreeLength);
                Blake3Subtree.ToParentNode(backend, subtree, ParallelSubtreeLength, key, firstChunk + ((ulong)item * chunksPerItem), flags, children);
                chainingValues[item] = Blake3Output.Parent(
                    Blake3Words.FromBytes(new ReadOnlySpan<byte>(children, Blake3Constants.OutputLength)),
                    Blake3Words.FromBytes(new ReadOnlySpan<byte>(children + Blake3Constants.OutputLength, Blake3Constants.OutputLength)),
                    key, flags).ChainingValue();
            });
            for (var item = 0; item < items; item++)
            {
                PushSubtree(chainingValues[item], chunksPerItem);
            }
            input += (long)items * ParallelSubtreeLength;
            length -= (long)items * ParallelSubtreeLength;
        }

        Update(input, length);
    }
}
