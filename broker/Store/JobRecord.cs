namespace Casparian.Broker.Store;

/// <summary>A job as the store holds it.</summary>
/// <param name="Id">Store-assigned id, also the wire job id.</param>
/// <param name="MaterializationKey">What the job produces; unique, which makes enqueue idempotent.</param>
/// <param name="SourceHash">BLAKE3 of the input file's bytes (hex).</param>
/// <param name="Plugin">The plugin that parses it.</param>
/// <param name="Priority">Higher is leased first; ties go to the oldest job.</param>
/// <param name="State">Current state.</param>
/// <param name="WorkerId">The worker holding it while Dispatched/Running, else null.</param>
/// <param name="LeaseExpires">When the worker's lease ends unless heartbeats extend it.</param>
/// <param name="NotBefore">The job is not leased before this time.</param>
/// <param name="Attempts">How many times it was leased.</param>
/// <param name="Retries">Transient failures (spend the retry budget).</param>
/// <param name="Rejections">Capacity rejections (do not spend the retry budget).</param>
/// <param name="WorkerLosses">Times its worker was lost while holding it.</param>
/// <param name="AbortRequested">A cancel arrived after dispatch; the worker has been or must be told to abort.</param>
/// <param name="Reason">Why it last failed, was retried or dead-lettered.</param>
/// <param name="Payload">What the worker needs to run it (JSON, opaque to the queue), or null.</param>
public sealed record JobRecord(
    long Id,
    string MaterializationKey,
    string SourceHash,
    string Plugin,
    int Priority,
    JobState State,
    string? WorkerId,
    DateTimeOffset? LeaseExpires,
    DateTimeOffset NotBefore,
    int Attempts,
    int Retries,
    int Rejections,
    int WorkerLosses,
    bool AbortRequested,
    string? Reason,
    string? Payload = null);
