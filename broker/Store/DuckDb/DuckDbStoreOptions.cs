namespace Casparian.Broker.Store.DuckDb;

/// <summary>Tuning of the embedded DuckDB store.</summary>
public sealed record DuckDbStoreOptions
{
    /// <summary>
    /// DuckDB worker threads. The queue's statements touch few rows, where parallelism costs more than it gives, and the
    /// Sentinel shares the machine with workers; one thread is the default.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>The most requests applied in one group commit.</summary>
    public int MaxGroup { get; init; } = 512;

    /// <summary>The defaults.</summary>
    public static DuckDbStoreOptions Default { get; } = new();
}
