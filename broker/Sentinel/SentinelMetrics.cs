using System.Diagnostics.Metrics;

namespace Casparian.Broker.Sentinel;

/// <summary>
/// The Sentinel's instruments (meter <c>Casparian.Sentinel</c>), exported by whatever listens: OpenTelemetry, the
/// Prometheus endpoint, or a benchmark's MeterListener.
/// </summary>
public sealed class SentinelMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Casparian.Sentinel";

    /// <summary>The dispatch-to-receipt latency histogram's name.</summary>
    public const string DispatchLatencyName = "casparian.dispatch.latency";

    private readonly Meter _meter = new(MeterName);

    public SentinelMetrics(Func<int> workersConnected)
    {
        Dispatched = _meter.CreateCounter<long>("casparian.jobs.dispatched", description: "DISPATCH messages sent");
        Concluded = _meter.CreateCounter<long>("casparian.jobs.concluded", description: "receipts applied, by status");
        DispatchLatency = _meter.CreateHistogram<double>(DispatchLatencyName, unit: "ms", description: "time from DISPATCH sent to its CONCLUDE received");
        _meter.CreateObservableGauge("casparian.workers.connected", workersConnected, description: "workers identified and not lost");
    }

    public Counter<long> Dispatched { get; }

    public Counter<long> Concluded { get; }

    public Histogram<double> DispatchLatency { get; }

    public void Dispose() => _meter.Dispose();
}
