using Casparian.Broker.Api.Metrics;
using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;

namespace Casparian.Broker.Api;

/// <summary>
/// What the route handlers share. Handlers run on Kestrel's threads: they use the store (thread-safe; the Sentinel
/// stays its only writer because this API runs inside it) and the core's published snapshot, never the registry or
/// the socket.
/// </summary>
internal sealed class ControlApiState(IStateStore store, SentinelService sentinel, ApiToken token, MetricsCollector metrics)
{
    public IStateStore Store { get; } = store;

    public SentinelService Sentinel { get; } = sentinel;

    public ApiToken Token { get; } = token;

    public MetricsCollector Metrics { get; } = metrics;

    /// <summary>The core's latest snapshot (empty until the core runs).</summary>
    public SentinelSnapshot Snapshot => Sentinel.Core?.Snapshot ?? SentinelSnapshot.Empty;
}
