using Casparian.Broker.Transport;

namespace Casparian.Broker.Sentinel;

/// <summary>What the Sentinel knows of one connected worker. Owned by the Sentinel's loop; not thread-safe.</summary>
public sealed class ConnectedWorker(string workerId, PeerId peer, int capacity, IReadOnlyList<string> runtimes, DateTimeOffset now)
{
    public string WorkerId { get; } = workerId;

    public PeerId Peer { get; set; } = peer;

    public int Capacity { get; set; } = capacity;

    /// <summary>Jobs it queues beyond its capacity (IDENTIFY's prefetch).</summary>
    public int Prefetch { get; set; }

    /// <summary>The version it announced in IDENTIFY.</summary>
    public string Version { get; set; } = "";

    public IReadOnlyList<string> Runtimes { get; set; } = runtimes;

    public DateTimeOffset LastSeen { get; set; } = now;

    /// <summary>True after BYE: it finishes its jobs and gets no new ones.</summary>
    public bool Draining { get; set; }

    /// <summary>Jobs sent to it and not yet concluded, with when they were sent.</summary>
    public Dictionary<long, DateTimeOffset> InFlight { get; } = [];

    /// <summary>Slots already asked of the store for it, in rounds not yet answered.</summary>
    public int Requested { get; set; }

    /// <summary>Slots to fill now: running and queued places not held and not already being filled.</summary>
    public int FreeSlots => Draining ? 0 : Math.Max(0, Capacity + Prefetch - InFlight.Count - Requested);
}
