using System.Collections.Concurrent;
using Casparian.Native.DuckDb;

namespace Casparian.Worker.Sinks;

/// <summary>
/// Hands filled data chunks to a DuckDB appender on a thread of its own, so the caller (the parser's thread, filling the
/// chunks from its batches) and DuckDB's append (which compresses and writes row groups, and is the larger cost) run on
/// two cores at once. DuckDB's appends are bursty (cheap copies, then every ~100 chunks a flush that compresses row
/// groups for a few hundred milliseconds), so the ring grows on demand up to a memory budget: large enough that the
/// caller keeps parsing through a flush instead of stalling on it, bounded so a slow DuckDB makes the caller wait. The
/// appender is only ever used by one thread at a time: the append thread until <see cref="Finish"/> joins it.
/// </summary>
internal sealed class DuckDbChunkPipeline : IDisposable
{
    /// <summary>Vector memory the ring may hold (16 bytes per value bounds every column type the sink writes).</summary>
    private const long MemoryBudgetBytes = 64L * 1024 * 1024;
    private const int MinChunks = 4;
    private const int MaxChunks = 128;
    private const int MaxValueBytes = 16;

    private readonly DuckDbAppender appender;
    private readonly int ringChunks;
    private readonly BlockingCollection<DuckDbDataChunk> free;
    private readonly BlockingCollection<DuckDbDataChunk> filled;
    // Touched only by the caller's thread (Rent) and by Dispose once the append thread has ended.
    private readonly List<DuckDbDataChunk> chunks = [];
    private readonly Thread appendThread;
    private volatile Exception? failure;

    public DuckDbChunkPipeline(DuckDbAppender appender)
    {
        this.appender = appender;
        var chunkBytes = (long)DuckDbDataChunk.Capacity * MaxValueBytes * appender.ColumnTypes.Count;
        ringChunks = (int)Math.Clamp(MemoryBudgetBytes / chunkBytes, MinChunks, MaxChunks);
        free = new BlockingCollection<DuckDbDataChunk>(ringChunks);
        filled = new BlockingCollection<DuckDbDataChunk>(ringChunks);
        appendThread = new Thread(AppendLoop) { IsBackground = true, Name = "duckdb-sink-append" };
        appendThread.Start();
    }

    /// <summary>
    /// A chunk to fill (reset, empty): a returned one if any, else a new one while the ring is below its size, else
    /// waits until DuckDB returns one.
    /// </summary>
    public DuckDbDataChunk Rent()
    {
        ThrowIfFailed();
        if (!free.TryTake(out var chunk))
        {
            if (chunks.Count < ringChunks)
            {
                chunk = appender.CreateChunk();
                chunks.Add(chunk);
            }
            else
            {
                chunk = free.Take();
            }
        }
        // Safe only because DuckDB has finished appending a returned chunk: the reset releases its strings.
        chunk.Reset();
        return chunk;
    }

    /// <summary>Queues a filled chunk (its <see cref="DuckDbDataChunk.RowCount"/> set) for appending.</summary>
    public void Append(DuckDbDataChunk chunk)
    {
        ThrowIfFailed();
        filled.Add(chunk);
    }

    /// <summary>Waits until every queued chunk is appended, then reports any append failure.</summary>
    public void Finish()
    {
        if (!filled.IsAddingCompleted)
        {
            filled.CompleteAdding();
        }
        appendThread.Join();
        ThrowIfFailed();
    }

    public void Dispose()
    {
        if (!filled.IsAddingCompleted)
        {
            filled.CompleteAdding();
        }
        appendThread.Join();
        foreach (var chunk in chunks)
        {
            chunk.Dispose();
        }
        free.Dispose();
        filled.Dispose();
    }

    private void AppendLoop()
    {
        foreach (var chunk in filled.GetConsumingEnumerable())
        {
            try
            {
                if (failure is null)
                {
                    appender.AppendChunk(chunk);
                }
            }
#pragma warning disable CA1031 // Not swallowed: the failure is rethrown on the caller's thread at its next call.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
            finally
            {
                // Returned even after a failure, so a caller waiting in Rent wakes up and sees it.
                free.Add(chunk);
            }
        }
    }

    private void ThrowIfFailed()
    {
        if (failure is { } e)
        {
            throw new SinkException($"DuckDB refused a data chunk: {e.Message}", e);
        }
    }
}
