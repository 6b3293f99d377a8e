using Casparian.Broker.Transport;

namespace Casparian.Broker.Sentinel;

/// <summary>The Sentinel's settings.</summary>
public sealed record SentinelOptions
{
    /// <summary>The ROUTER socket.</summary>
    public RouterOptions Router { get; init; } = new();

    /// <summary>How often heartbeats go both ways.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A worker silent for this many intervals is lost and its jobs are requeued (default 3 s in all).</summary>
    public int MissedHeartbeats { get; init; } = 3;

    /// <summary>How long a lease lasts without heartbeats; covers a Sentinel restart (jobs of workers that never return).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Most inbound messages handled in one batch (one store round trip).</summary>
    public int MaxBatch { get; init; } = 4096;

    /// <summary>A worker that does not report a job it was sent within this time is considered to have lost it.</summary>
    public TimeSpan UnreportedJobGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The silence after which a worker is lost.</summary>
    public TimeSpan WorkerTimeout => HeartbeatInterval * MissedHeartbeats;
}
