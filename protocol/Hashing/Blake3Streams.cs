using System.Runtime.InteropServices;

namespace Casparian.Protocol.Hashing;

/// <summary>
/// Hashes files and streams in fixed-size blocks, never holding a whole file in memory. One thread reads and hashes
/// alternately in a cache-sized block; with more threads, the next block is read while the current one is hashed
/// in parallel subtrees.
/// </summary>
public static unsafe class Blake3Streams
{
    /// <summary>The most threads a caller may ask for.</summary>
    public const int MaxThreads = 1024;

    // Small enough to stay in the L2 cache between the read's copy and the hash.
    private const int SequentialBlockLength = 256 << 10;

    // Many parallel work items per block, so threads stay busy.
    private const int ParallelBlockLength = 16 << 20;

    /// <summary>Feeds the whole file at <paramref name="path"/> to <paramref name="hasher"/>.</summary>
    /// <exception cref="IOException">The file cannot be opened or read (the message names it).</exception>
    public static void HashFile(Blake3Hasher hasher, string path, int maxThreads)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxThreads, MaxThreads);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
        // Whole subtrees on every thread, each reading its own; the tail (and anything appended meanwhile) as a stream.
        var absorbed = hasher.UpdateFromFile(handle, RandomAccess.GetLength(handle), maxThreads);
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        stream.Position = absorbed;
        HashStream(hasher, stream, maxThreads);
    }

    /// <summary>Feeds everything left in <paramref name="stream"/> to <paramref name="hasher"/>.</summary>
    public static void HashStream(Blake3Hasher hasher, Stream stream, int maxThreads)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxThreads, MaxThreads);
        if (maxThreads == 1)
        {
            HashSequential(hasher, stream, BlockLength(stream, SequentialBlockLength));
        }
        else
        {
            HashOverlapped(hasher, stream, maxThreads, BlockLength(stream, ParallelBlockLength));
        }
    }

    // A small file needs no more than its own size (rounded up to 64 KiB) of buffer.
    private static int BlockLength(Stream stream, int maximum)
    {
        const int granule = 64 << 10;
        if (!stream.CanSeek)
        {
            return maximum;
        }
        var remaining = Math.Max(0, stream.Length - stream.Position);
        return (int)Math.Clamp((remaining + granule - 1) / granule * granule, granule, maximum);
    }

    private static void HashSequential(Blake3Hasher hasher, Stream stream, int blockLength)
    {
        var buffer = (byte*)NativeMemory.AlignedAlloc((nuint)blockLength, 4096);
        try
        {
            int read;
            while ((read = Fill(stream, (nint)buffer, blockLength)) > 0)
            {
                hasher.Update(buffer, read);
            }
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }

    // Two blocks: the next one is filled on the thread pool while the current one is hashed in parallel.
    private static void HashOverlapped(Blake3Hasher hasher, Stream stream, int maxThreads, int blockLength)
    {
        var current = (byte*)NativeMemory.AlignedAlloc((nuint)blockLength, 4096);
        var next = (byte*)NativeMemory.AlignedAlloc((nuint)blockLength, 4096);
        Task<int>? pending = null;
        try
        {
            var read = Fill(stream, (nint)current, blockLength);
            while (read > 0)
            {
                var target = (nint)next;
                pending = Task.Run(() => Fill(stream, target, blockLength));
                hasher.UpdateParallel(current, read, maxThreads);
                read = pending.GetAwaiter().GetResult();
                pending = null;
                var hashed = current;
                current = next;
                next = hashed;
            }
        }
        finally
        {
            // A read still running must finish before its buffer is freed; its error, if any, is already moot.
            if (pending is not null)
            {
                ((IAsyncResult)pending).AsyncWaitHandle.WaitOne();
            }
            NativeMemory.AlignedFree(current);
            NativeMemory.AlignedFree(next);
        }
    }

    // Reads until the block is full or the stream ends; returns the bytes read (0 at the end).
    private static int Fill(Stream stream, nint buffer, int capacity)
    {
        var total = 0;
        while (total < capacity)
        {
            var read = stream.Read(new Span<byte>((byte*)buffer + total, capacity - total));
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return total;
    }
}
