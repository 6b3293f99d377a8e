namespace Casparian.Broker.Store;

/// <summary>A filter over jobs; null fields match everything.</summary>
/// <param name="State">Only jobs in this state.</param>
/// <param name="WorkerId">Only jobs held by this worker.</param>
/// <param name="SourceHash">Only jobs of this file version.</param>
/// <param name="Plugin">Only jobs of this plugin.</param>
/// <param name="AbortRequested">Only jobs an operator asked to abort (true) or not (false).</param>
/// <param name="AfterId">Only jobs with a larger id: the cursor of keyset paging (results are ordered by id).</param>
public sealed record JobQuery(JobState? State = null, string? WorkerId = null, string? SourceHash = null, string? Plugin = null,
    bool? AbortRequested = null, long? AfterId = null)
{
    /// <summary>Every job.</summary>
    public static JobQuery All { get; } = new();
}

/// <summary>Store-wide totals of the per-job counters.</summary>
/// <param name="Retries">Transient failures.</param>
/// <param name="Rejections">Capacity rejections.</param>
/// <param name="WorkerLosses">Jobs returned because their worker was lost.</param>
/// <param name="PoisonInputs">Jobs dead-lettered as poison inputs.</param>
public sealed record QueueCounters(long Retries, long Rejections, long WorkerLosses, long PoisonInputs);
