namespace Casparian.Broker.Store;

/// <summary>The per-job counter a transition increments; they are kept apart so a capacity rejection never spends the retry budget.</summary>
public enum JobCounter
{
    /// <summary>No counter changes.</summary>
    None,

    /// <summary><see cref="JobRecord.Retries"/>: transient failures.</summary>
    Retries,

    /// <summary><see cref="JobRecord.Rejections"/>: capacity rejections.</summary>
    Rejections,

    /// <summary><see cref="JobRecord.WorkerLosses"/>: the worker holding the job was lost.</summary>
    WorkerLosses,
}
