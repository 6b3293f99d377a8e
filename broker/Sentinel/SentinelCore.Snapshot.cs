using System.Collections.Immutable;

namespace Casparian.Broker.Sentinel;

/// <summary>The core's side of the snapshot it publishes for other threads (the HTTP API, metric scrapes).</summary>
public sealed partial class SentinelCore
{
    private SentinelSnapshot _snapshot = SentinelSnapshot.Empty;

    /// <summary>The latest published snapshot; safe to read from any thread.</summary>
    public SentinelSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Copies the registry (on the loop's thread) and publishes it with the last queue count.</summary>
    private void PublishWorkers()
    {
        var workers = Workers.All
            .Select(w => new WorkerSnapshot(w.WorkerId, w.Version, [.. w.Runtimes], w.Capacity, w.InFlight.Count, w.LastSeen, w.Draining))
            .OrderBy(w => w.WorkerId, StringComparer.Ordinal)
            .ToImmutableArray();
        Volatile.Write(ref _snapshot, Snapshot with { Workers = workers });
    }

    /// <summary>Counts the queue (once per tick, so a scrape never reaches the store) and publishes it with the registry.</summary>
    private async Task PublishSnapshotAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var depth = await _resilience.RunAsync(ct => _store.CountByStateAsync(ct), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _snapshot, Snapshot with { QueueDepth = depth.ToImmutableDictionary(), QueueCountedAt = now });
        PublishWorkers();
    }
}
