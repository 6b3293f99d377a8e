using System.Collections.Immutable;
using Casparian.Broker.Store;

namespace Casparian.Broker.Sentinel;

/// <summary>One connected worker as the core last saw it: an immutable copy other threads may read.</summary>
/// <param name="WorkerId">The worker id (also its routing id).</param>
/// <param name="Version">The version it announced in IDENTIFY.</param>
/// <param name="Runtimes">The plugin runtimes it offers.</param>
/// <param name="Capacity">How many jobs it runs at once.</param>
/// <param name="Running">Jobs sent to it and not yet concluded.</param>
/// <param name="LastHeartbeat">When it was last heard from.</param>
/// <param name="Draining">True after BYE: it gets no new jobs.</param>
public sealed record WorkerSnapshot(string WorkerId, string Version, ImmutableArray<string> Runtimes, int Capacity, int Running,
    DateTimeOffset LastHeartbeat, bool Draining);

/// <summary>
/// What the core loop publishes for the HTTP API and the metrics: the registry and the queue depth, copied on the loop's
/// thread and swapped in whole, so readers on other threads never touch the registry, the socket or the store.
/// </summary>
/// <param name="Workers">The connected workers, by id.</param>
/// <param name="QueueDepth">Jobs per state at <paramref name="QueueCountedAt"/> (empty before the first count).</param>
/// <param name="QueueCountedAt">When the queue was last counted.</param>
public sealed record SentinelSnapshot(ImmutableArray<WorkerSnapshot> Workers, ImmutableDictionary<JobState, long> QueueDepth,
    DateTimeOffset? QueueCountedAt)
{
    /// <summary>Before the core has published anything.</summary>
    public static SentinelSnapshot Empty { get; } = new([], ImmutableDictionary<JobState, long>.Empty, null);
}
