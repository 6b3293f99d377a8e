using System.Diagnostics.Metrics;
using Casparian.Protocol.Messages;

namespace Casparian.Worker.Service;

/// <summary>
/// The worker's instruments (meter <c>Casparian.Worker</c>): jobs run by outcome, their duration, rows written and
/// quarantined, and jobs running now. Exported over OTLP when the worker is given an endpoint.
/// </summary>
public sealed class WorkerMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Casparian.Worker";

    private readonly Meter _meter;
    private readonly Counter<long> _jobs;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _rowsWritten;
    private readonly Counter<long> _rowsQuarantined;

    /// <param name="running">Jobs running now.</param>
    /// <param name="scope">Tells this worker's meter apart from others in the same process.</param>
    public WorkerMetrics(Func<int> running, object? scope = null)
    {
        ArgumentNullException.ThrowIfNull(running);
        _meter = new Meter(new MeterOptions(MeterName) { Scope = scope });
        _jobs = _meter.CreateCounter<long>("casparian.worker.jobs", description: "jobs run to a receipt, by status");
        _duration = _meter.CreateHistogram("casparian.worker.job.duration", unit: "ms", description: "time from start to receipt", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 10, 50, 100, 500, 1000, 5000, 10_000, 60_000, 300_000] });
        _rowsWritten = _meter.CreateCounter<long>("casparian.worker.rows.written", description: "rows committed to sinks");
        _rowsQuarantined = _meter.CreateCounter<long>("casparian.worker.rows.quarantined", description: "rows set aside by validation");
        _meter.CreateObservableGauge("casparian.worker.jobs.running", running, description: "jobs running now");
    }

    /// <summary>This worker's meter.</summary>
    public Meter Meter => _meter;

    /// <summary>Counts one job's receipt and how long it ran.</summary>
    public void Record(ConcludeMessage receipt, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        _jobs.Add(1, new KeyValuePair<string, object?>("status", receipt.Status.ToString()));
        _duration.Record(elapsed.TotalMilliseconds);
        foreach (var output in receipt.Outputs)
        {
            _rowsWritten.Add(output.Rows);
            _rowsQuarantined.Add(output.QuarantinedRows);
        }
    }

    public void Dispose() => _meter.Dispose();
}
