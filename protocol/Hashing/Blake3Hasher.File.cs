using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Casparian.Protocol.Hashing;

/// <summary>Multi-threaded file hashing where every thread reads its own subtrees.</summary>
public sealed unsafe partial class Blake3Hasher
{
    /// <summary>
    /// Absorbs the first bytes of a file, up to <paramref name="length"/>, in whole subtrees hashed on up to
    /// <paramref name="maxThreads"/> threads. Each work item reads its own subtree (positional reads) into a per-thread
    /// buffer that stays in the cache and hashes it there: one reader thread feeding the others copies every byte
    /// through memory once more and leaves a core to the copy. Leaves at least one byte unread (the final chunk must
    /// stay in the hasher) and returns how many bytes were absorbed; the caller reads the rest as a stream. Only a
    /// fresh hasher takes this path (it returns 0 otherwise).
    /// </summary>
    /// <exception cref="IOException">The file became shorter while it was hashed.</exception>
    internal long UpdateFromFile(SafeFileHandle handle, long length, int maxThreads)
    {
        if (maxThreads < 2 || length < 2L * ParallelSubtreeLength || _chunk.ChunkCounter != 0 || _chunk.Length != 0)
        {
            return 0;
        }
        const ulong chunksPerItem = ParallelSubtreeLength / Blake3Constants.ChunkLength;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxThreads };
        var backend = _backend;
        var key = _key;
        var flags = _flags;
        long absorbed = 0;
        // Strictly more than the items must remain: the last chunk has to stay in the hasher as a root candidate.
        while (length - absorbed > ParallelSubtreeLength)
        {
            var items = (int)Math.Min(ParallelBatch, (length - absorbed - 1) / ParallelSubtreeLength);
            var chainingValues = new Blake3Words[items];
            var batchStart = absorbed;
            var firstChunk = _chunk.ChunkCounter;
            Parallel.For(0, items, options,
                () => (nint)NativeMemory.AlignedAlloc(ParallelSubtreeLength, 4096),
                (item, _, buffer) =>
                {
                    var offset = batchStart + ((long)item * ParallelSubtreeLength);
                    ReadExactly(handle, new Span<byte>((void*)buffer, ParallelSubtreeLength), offset);
                    var children = stackalloc byte[2 * Blake3Constants.OutputLength];
                    Blake3Subtree.ToParentNode(backend, (byte*)buffer, ParallelSubtreeLength, key, firstChunk + ((ulong)item * chunksPerItem), flags, children);
                    chainingValues[item] = Blake3Output.Parent(
                        Blake3Words.FromBytes(new ReadOnlySpan<byte>(children, Blake3Constants.OutputLength)),
                        Blake3Words.FromBytes(new ReadOnlySpan<byte>(children + Blake3Constants.OutputLength, Blake3Constants.OutputLength)),
                        key, flags).ChainingValue();
                    return buffer;
                },
                buffer => NativeMemory.AlignedFree((void*)buffer));
            for (var item = 0; item < items; item++)
            {
                PushSubtree(chainingValues[item], chunksPerItem);
            }
            absorbed += (long)items * ParallelSubtreeLength;
        }
        return absorbed;
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
            {
                throw new IOException($"the file became shorter while it was hashed (at byte {offset}); hash it again once it is complete");
            }
            buffer = buffer[read..];
            offset += read;
        }
    }
}
