using System.Runtime.InteropServices;

namespace Casparian.Native.DuckDb;

/// <summary>
/// Native memory for the bytes of long (non-inlined) strings written straight into a created chunk's vectors. DuckDB
/// reads them only when the chunk is appended, so the arena belongs to the chunk and is reset with it: the memory must
/// stay put until <see cref="DuckDbAppender.AppendChunk"/> has returned, and is reused for the next fill after that.
/// A bump allocator over fixed blocks kept across resets: filling a chunk allocates nothing once the blocks exist.
/// </summary>
internal sealed unsafe class DuckDbStringArena : IDisposable
{
    /// <summary>Values larger than this get a block of their own, freed at the next reset.</summary>
    private const int BlockSize = 256 * 1024;

    /// <summary>
    /// The most bytes one chunk's long strings may take (all columns together). A chunk holds 2048 rows; beyond this the
    /// batch is far outside what a sink should hold in memory at once and the caller is told so.
    /// </summary>
    internal const long MaxBytes = 1L * 1024 * 1024 * 1024;

    private readonly List<nint> blocks = [];
    private readonly List<nint> oversized = [];
    private int blockIndex = -1;
    private int used = BlockSize;
    private long total;

    /// <summary>Copies <paramref name="value"/> into the arena and returns its address (valid until <see cref="Reset"/>).</summary>
    public byte* Copy(ReadOnlySpan<byte> value)
    {
        total += value.Length;
        if (total > MaxBytes)
        {
            throw new InvalidOperationException(
                $"The strings of one data chunk exceed {MaxBytes / (1024 * 1024)} MiB; append smaller batches (fewer rows or shorter values) per chunk.");
        }
        byte* target;
        if (value.Length > BlockSize / 4)
        {
            // Large values would waste most of a shared block; they get exactly what they need.
            target = (byte*)NativeMemory.Alloc((nuint)value.Length);
            oversized.Add((nint)target);
        }
        else
        {
            if (BlockSize - used < value.Length)
            {
                NextBlock();
            }
            target = (byte*)blocks[blockIndex] + used;
            used += value.Length;
        }
        value.CopyTo(new Span<byte>(target, value.Length));
        return target;
    }

    /// <summary>Forgets every copied value (keeps the shared blocks for reuse, frees the large ones).</summary>
    public void Reset()
    {
        FreeOversized();
        blockIndex = -1;
        used = BlockSize;
        total = 0;
    }

    public void Dispose()
    {
        FreeOversized();
        foreach (var block in blocks)
        {
            NativeMemory.Free((void*)block);
        }
        blocks.Clear();
    }

    private void NextBlock()
    {
        blockIndex++;
        if (blockIndex == blocks.Count)
        {
            blocks.Add((nint)NativeMemory.Alloc(BlockSize));
        }
        used = 0;
    }

    private void FreeOversized()
    {
        foreach (var block in oversized)
        {
            NativeMemory.Free((void*)block);
        }
        oversized.Clear();
    }
}
