namespace Casparian.Broker.Api.Metrics;

/// <summary>
/// The aggregate of one instrument under one label set: a running sum (counters), a last value (gauges and observable
/// counters), or bucket counts with sum and count (histograms). Updated by measurement callbacks on any thread.
/// </summary>
internal sealed class MetricSeries(IReadOnlyList<KeyValuePair<string, string>> labels, double[]? bounds)
{
    private readonly Lock _gate = new();
    private readonly long[]? _buckets = bounds is null ? null : new long[bounds.Length + 1];
    private double _value;
    private double _sum;
    private long _count;

    /// <summary>The labels, in the order they were first seen.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

    /// <summary>Upper bounds of the histogram buckets (the last, +Inf, is implicit), or null for other kinds.</summary>
    public double[]? Bounds { get; } = bounds;

    public void Add(double value)
    {
        lock (_gate)
        {
            _value += value;
        }
    }

    public void Set(double value)
    {
        lock (_gate)
        {
            _value = value;
        }
    }

    public void Record(double value)
    {
        var bucket = Array.BinarySearch(Bounds!, value);
        // Prometheus buckets are "less than or equal": an exact match belongs to that bound's bucket.
        var index = bucket >= 0 ? bucket : ~bucket;
        lock (_gate)
        {
            _buckets![index]++;
            _sum += value;
            _count++;
        }
    }

    /// <summary>A consistent copy: the value, and for histograms the cumulative bucket counts, sum and count.</summary>
    public SeriesReading Read()
    {
        lock (_gate)
        {
            if (_buckets is null)
            {
                return new SeriesReading(_value, [], 0, 0);
            }
            var cumulative = new long[_buckets.Length];
            long running = 0;
            for (var i = 0; i < _buckets.Length; i++)
            {
                running += _buckets[i];
                cumulative[i] = running;
            }
            return new SeriesReading(0, cumulative, _sum, _count);
        }
    }
}

/// <summary>What one series held at a scrape.</summary>
/// <param name="Value">Counter sum or gauge value.</param>
/// <param name="CumulativeBuckets">Histogram: observations at or below each bound, the last being +Inf.</param>
/// <param name="Sum">Histogram: sum of observations.</param>
/// <param name="Count">Histogram: number of observations.</param>
internal readonly record struct SeriesReading(double Value, long[] CumulativeBuckets, double Sum, long Count);
