using System.Collections.Concurrent;
using Casparian.Native.DuckDb;

namespace Casparian.Worker.Sinks;

/// <summary>
/// Hands filled data chunks to a DuckDB appender on a thread of its own, so the caller (the parser's thread, filling the
/// chunks from its batches) and DuckDB's append (which compresses and writes row groups, and is the larger cost) run on
/// two cores at once. A small ring of chunks bounds memory and makes the caller wait when DuckDB falls behind. The
/// appender is only ever used by one thread at a time: the append thread until <see cref="Finish"/> joins it.
/// </summary>
internal sealed class DuckDbChunkPipeline : IDisposable
{
    private const int RingChunks = 4;
    private readonly DuckDbAppender appender;
    private readonly BlockingCollection<DuckDbDataChunk> free = new(RingChunks);
    private readonly BlockingCollection<DuckDbDataChunk> filled = new(RingChunks);
    private readonly List<DuckDbDataChunk> chunks = [];
    private readonly Thread appendThread;
    private volatile Exception? failure;

    public DuckDbChunkPipeline(DuckDbAppender appender)
    {
        this.appender = appender;
        for (var i = 0; i < RingChunks; i++)
        {
            var chunk = appender.CreateChunk();
            chunks.Add(chunk);
            free.Add(chunk);
        }
        appendThread = new Thread(AppendLoop) { IsBackground = true, Name = "duckdb-sink-append" };
        appendThread.Start();
    }

    /// <summary>A chunk to fill (reset, empty); waits while every chunk is queued for DuckDB.</summary>
    public DuckDbDataChunk Rent()
    {
        ThrowIfFailed();
        var chunk = free.Take();
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
