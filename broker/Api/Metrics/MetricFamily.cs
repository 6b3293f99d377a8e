using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Casparian.Broker.Api.Metrics;

/// <summary>The Prometheus metric type an instrument is exposed as.</summary>
internal enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>One instrument and its series, keyed by label set.</summary>
internal sealed class MetricFamily
{
    /// <summary>Bounds used when a histogram gives no advice (OpenTelemetry's defaults).</summary>
    private static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10_000];

    private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);
    private readonly double[]? _bounds;

    public MetricFamily(Instrument instrument)
    {
        Instrument = instrument;
        Kind = instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => MetricKind.Counter,
            Histogram<double> or Histogram<long> or Histogram<int> => MetricKind.Histogram,
            _ => MetricKind.Gauge,
        };
        if (Kind == MetricKind.Histogram)
        {
            _bounds = instrument switch
            {
                Histogram<double> { Advice.HistogramBucketBoundaries: { } b } => [.. b],
                Histogram<long> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x)],
                Histogram<int> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x)],
                _ => DefaultBounds,
            };
        }
    }

    public Instrument Instrument { get; }

    public MetricKind Kind { get; }

    /// <summary>Every series seen so far.</summary>
    public ICollection<MetricSeries> Series => _series.Values;

    /// <summary>Folds one measurement into its series.</summary>
    public void Measure(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = SeriesFor(tags);
        if (Kind == MetricKind.Histogram)
        {
            series.Record(value);
        }
        else if (Instrument.IsObservable)
        {
            // Observable instruments report their current (cumulative or instantaneous) value at each collection.
            series.Set(value);
        }
        else
        {
            series.Add(value);
        }
    }

    private MetricSeries SeriesFor(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return _series.TryGetValue("", out var plain) ? plain : _series.GetOrAdd("", _ => new MetricSeries([], _bounds));
        }
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }
        if (labels.Length > 1)
        {
            Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        }
        // One label (the common case: a status) needs no join; separators that cannot occur in names keep keys distinct.
        var key = labels.Length == 1
            ? string.Concat(labels[0].Key, "\u0002", labels[0].Value)
            : string.Join('\u0001', labels.Select(l => l.Key + "\u0002" + l.Value));
        return _series.TryGetValue(key, out var found) ? found : _series.GetOrAdd(key, _ => new MetricSeries(labels, _bounds));
    }
}
