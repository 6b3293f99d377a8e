using System.Collections.Concurrent;
using Casparian.Native.DuckDb;

namespace Casparian.Worker.Sinks;

/// <summary>
/// What the sinks of one job share. DuckDB allows one database instance per file in a process, and the sinks of
/// different jobs on one file take turns; but a job writes its table and its <c>__quarantine</c> table into the same file
/// side by side, so its sinks must share one instance and one turn. A scope opens each DuckDB file once, holds its turn
/// until disposed, and is disposed after every sink made in it. Not thread-safe: one job's sinks are driven by one thread.
/// </summary>
public sealed class SinkScope : IDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriterTurns = new(StringComparer.Ordinal);

    private readonly Dictionary<string, DuckDbDatabase> databases = new(StringComparer.Ordinal);
    private readonly List<SemaphoreSlim> heldTurns = [];
    private bool disposed;

    /// <summary>
    /// The DuckDB database at <paramref name="path"/> (a full path), opened once per scope after waiting for the file's
    /// writer turn in this process.
    /// </summary>
    internal async Task<DuckDbDatabase> DuckDbAsync(string path, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (databases.TryGetValue(path, out var open))
        {
            return open;
        }
        var turn = WriterTurns.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var database = DuckDbDatabase.Open(path);
            databases.Add(path, database);
            heldTurns.Add(turn);
            return database;
        }
        catch (Exception e) when (e is DuckDbException or IOException or UnauthorizedAccessException)
        {
            turn.Release();
            throw new SinkUnavailableException($"cannot open the DuckDB sink file '{path}': {e.Message}; DuckDB allows one writing process per file, so send every job for this file to one worker or give each its own file", e);
        }
    }

    /// <summary>Closes the scope's databases (after their sinks closed their connections) and gives up the writer turns.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        foreach (var database in databases.Values)
        {
            database.Dispose();
        }
        databases.Clear();
        foreach (var turn in heldTurns)
        {
            turn.Release();
        }
        heldTurns.Clear();
    }
}
