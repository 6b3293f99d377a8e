namespace Casparian.Broker.Store.DuckDb;

/// <summary>Tuning of the embedded DuckDB store.</summary>
public sealed record DuckDbStoreOptions
{
    /// <summary>
    /// DuckDB worker threads. The queue's statements touch few rows, where parallelism costs more than it gives, and the
    /// Sentinel shares the machine with workers; one thread is the default.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// WAL size that triggers a checkpoint. A checkpoint rewrites every row group the queue touched since the last one,
    /// and the queue touches the same hot row groups over and over, so checkpointing less often saves most of that work;
    /// the price is a longer WAL replay after a crash (seconds at this size) and the memory the WAL's changes hold.
    /// </summary>
    public string CheckpointThreshold { get; init; } = "128MiB";

    /// <summary>The most requests applied in one group commit.</summary>
    public int MaxGroup { get; init; } = 512;

    /// <summary>The defaults.</summary>
    public static DuckDbStoreOptions Default { get; } = new();
}
