using Casparian.Broker.Transport;

namespace Casparian.Broker.Sentinel;

/// <summary>The connected workers, by worker id (which is also their routing id). Owned by the Sentinel's loop.</summary>
public sealed class WorkerRegistry
{
    private readonly Dictionary<string, ConnectedWorker> _workers = new(StringComparer.Ordinal);

    public int Count => _workers.Count;

    public IEnumerable<ConnectedWorker> All => _workers.Values;

    public bool TryGet(string workerId, out ConnectedWorker worker) => _workers.TryGetValue(workerId, out worker!);

    /// <summary>Adds or refreshes a worker after IDENTIFY; returns true if it was not known.</summary>
    public bool Register(string workerId, PeerId peer, int capacity, IReadOnlyList<string> runtimes, DateTimeOffset now, out ConnectedWorker worker)
    {
        if (_workers.TryGetValue(workerId, out worker!))
        {
            worker.Peer = peer;
            worker.Capacity = capacity;
            worker.Runtimes = runtimes;
            worker.LastSeen = now;
            worker.Draining = false;
            return false;
        }
        worker = new ConnectedWorker(workerId, peer, capacity, runtimes, now);
        _workers.Add(workerId, worker);
        return true;
    }

    public bool Remove(string workerId) => _workers.Remove(workerId);

    /// <summary>Workers silent for longer than <paramref name="timeout"/>.</summary>
    public List<ConnectedWorker> Silent(DateTimeOffset now, TimeSpan timeout) =>
        _workers.Values.Where(w => now - w.LastSeen > timeout).ToList();
}
