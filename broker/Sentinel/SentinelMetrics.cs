using System.Diagnostics.Metrics;
using Casparian.Broker.Store;
using Casparian.Protocol.Messages;

namespace Casparian.Broker.Sentinel;

/// <summary>
/// The Sentinel's instruments (meter <c>Casparian.Sentinel</c>), exported by whatever listens: OpenTelemetry, the
/// Prometheus endpoint, or a benchmark's MeterListener. Observable instruments read the core's published snapshot, so
/// a collection never touches the store or the loop's state.
/// </summary>
public sealed class SentinelMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Casparian.Sentinel";

    /// <summary>The dispatch-to-receipt latency histogram's name.</summary>
    public const string DispatchLatencyName = "casparian.dispatch.latency";

    /// <summary>The counter the scanner adds hashed bytes to.</summary>
    public const string BytesHashedName = "casparian.scan.bytes_hashed";

    /// <summary>Bucket bounds for millisecond latencies: fine below 10 ms, where dispatch latencies live.</summary>
    public static InstrumentAdvice<double> MillisecondBuckets { get; } = new()
    {
        HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000],
    };

    private readonly Meter _meter;

    /// <summary>This Sentinel's meter (several Sentinels in one process each have their own).</summary>
    public Meter Meter => _meter;

    /// <param name="snapshot">The core's latest snapshot (queue depth, workers).</param>
    /// <param name="badFrames">The transport's count of malformed messages dropped.</param>
    /// <param name="scope">
    /// Tells this Sentinel's meter apart from others in the same process (tests, benchmarks): listeners select
    /// instruments whose <see cref="Meter.Scope"/> is this object.
    /// </param>
    public SentinelMetrics(Func<SentinelSnapshot> snapshot, Func<long> badFrames, object? scope = null)
    {
        _meter = new Meter(new MeterOptions(MeterName) { Scope = scope });
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(badFrames);
        Dispatched = _meter.CreateCounter<long>("casparian.jobs.dispatched", description: "DISPATCH messages sent");
        Started = _meter.CreateCounter<long>("casparian.jobs.started", description: "jobs a worker confirmed it started (ACCEPT)");
        Completed = _meter.CreateCounter<long>("casparian.jobs.completed", description: "jobs that reached Completed");
        Failed = _meter.CreateCounter<long>("casparian.jobs.failed", description: "jobs that reached Failed or DeadLetter");
        Aborted = _meter.CreateCounter<long>("casparian.jobs.aborted", description: "jobs that reached Aborted (cancelled)");
        Concluded = _meter.CreateCounter<long>("casparian.jobs.concluded", description: "receipts received, by status");
        DispatchLatency = _meter.CreateHistogram(DispatchLatencyName, unit: "ms", description: "time from DISPATCH sent to its CONCLUDE received",
            tags: null, advice: MillisecondBuckets);
        JobDuration = _meter.CreateHistogram("casparian.job.duration", unit: "ms", description: "run time the worker reported in its receipt",
            tags: null, advice: MillisecondBuckets);
        RowsWritten = _meter.CreateCounter<long>("casparian.rows.written", description: "rows committed to sinks, from receipts");
        RowsQuarantined = _meter.CreateCounter<long>("casparian.rows.quarantined", description: "rows set aside by validation, from receipts");
        BytesHashed = _meter.CreateCounter<long>(BytesHashedName, unit: "By", description: "bytes of source files hashed by the scanner");
        _meter.CreateObservableGauge("casparian.workers.connected", () => snapshot().Workers.Length, description: "workers identified and not lost");
        _meter.CreateObservableGauge("casparian.queue.depth", () => QueueDepth(snapshot()), description: "jobs per state, counted by the core at most once per heartbeat");
        _meter.CreateObservableCounter("casparian.transport.bad_frames", badFrames, description: "malformed messages received and dropped");
    }

    public Counter<long> Dispatched { get; }

    public Counter<long> Started { get; }

    public Counter<long> Completed { get; }

    public Counter<long> Failed { get; }

    public Counter<long> Aborted { get; }

    public Counter<long> Concluded { get; }

    public Histogram<double> DispatchLatency { get; }

    public Histogram<double> JobDuration { get; }

    public Counter<long> RowsWritten { get; }

    public Counter<long> RowsQuarantined { get; }

    public Counter<long> BytesHashed { get; }

    /// <summary>Counts a receipt as received: its status, rows and run time.</summary>
    public void RecordReceipt(ConcludeMessage receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        Concluded.Add(1, new KeyValuePair<string, object?>("status", receipt.Status.ToString()));
        if (receipt.StartedAt is { } started && receipt.FinishedAt is { } finished && finished >= started)
        {
            JobDuration.Record((finished - started).TotalMilliseconds);
        }
        if (receipt.Status == ConcludeStatus.Completed)
        {
            foreach (var output in receipt.Outputs)
            {
                RowsWritten.Add(output.Rows);
                RowsQuarantined.Add(output.QuarantinedRows);
            }
        }
    }

    /// <summary>Counts a state change the store applied, by the state it reached.</summary>
    public void RecordApplied(JobTransition kind, JobState? state)
    {
        switch (state)
        {
            case JobState.Completed when kind == JobTransition.Complete:
                Completed.Add(1);
                break;
            case JobState.Failed or JobState.DeadLetter:
                Failed.Add(1);
                break;
            case JobState.Aborted:
                Aborted.Add(1);
                break;
        }
    }

    private static IEnumerable<Measurement<long>> QueueDepth(SentinelSnapshot snapshot) =>
        snapshot.QueueDepth.Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("state", kv.Key.ToString())));

    public void Dispose() => _meter.Dispose();
}
