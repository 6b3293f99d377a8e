namespace Casparian.Broker.Store;

/// <summary>A job to create, identified by its materialization key.</summary>
/// <param name="MaterializationKey">Unique: enqueuing the same key again does nothing.</param>
/// <param name="SourceHash">BLAKE3 of the input file (hex).</param>
/// <param name="Plugin">The plugin to run.</param>
/// <param name="Priority">Higher is leased first.</param>
/// <param name="NotBefore">Do not lease before this time; null for now.</param>
/// <param name="Payload">What the worker needs to run it (JSON, opaque to the queue), or null.</param>
public sealed record EnqueueRequest(
    string MaterializationKey,
    string SourceHash,
    string Plugin,
    int Priority = 0,
    DateTimeOffset? NotBefore = null,
    string? Payload = null);

/// <summary>What an enqueue batch did.</summary>
/// <param name="NewJobIds">The ids of jobs that were created, in request order.</param>
/// <param name="Duplicates">Requests whose materialization key already had a job.</param>
public sealed record EnqueueResult(IReadOnlyList<long> NewJobIds, int Duplicates);
