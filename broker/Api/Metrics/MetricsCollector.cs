using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Casparian.Broker.Api.Metrics;

/// <summary>
/// Listens to the instruments a filter selects and keeps their aggregates for Prometheus scrapes. Measurements are
/// folded in as they happen (a short lock per series); a scrape only reads, after asking observable instruments for
/// their current values, so scraping never reaches the store or the Sentinel's loop.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricFamily> _families = new();
    private readonly Lock _scrape = new();

    /// <param name="select">Which instruments to expose (e.g. those of one Sentinel's meter).</param>
    public MetricsCollector(Func<Instrument, bool> select)
    {
        ArgumentNullException.ThrowIfNull(select);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (select(instrument))
            {
                _families.TryAdd(instrument, new MetricFamily(instrument));
                listener.EnableMeasurementEvents(instrument, _families[instrument]);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _families.TryRemove(instrument, out MetricFamily? _);
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((MetricFamily)state!).Measure(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((MetricFamily)state!).Measure(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((MetricFamily)state!).Measure(value, tags));
        _listener.Start();
    }

    /// <summary>Writes every selected instrument in the Prometheus text exposition format 0.0.4.</summary>
    public void WriteTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (_scrape)
        {
            _listener.RecordObservableInstruments();
            PrometheusTextWriter.Write(output, _families.Values.OrderBy(f => f.Instrument.Name, StringComparer.Ordinal));
        }
    }

    /// <summary>The Prometheus text of every selected instrument.</summary>
    public string Scrape()
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        WriteTo(writer);
        return writer.ToString();
    }

    /// <summary>
    /// The cumulative buckets of a histogram summed over its label sets, with their upper bounds; null when the
    /// instrument is unknown or has no observations.
    /// </summary>
    public HistogramReading? ReadHistogram(string instrumentName)
    {
        var family = _families.Values.FirstOrDefault(f => f.Kind == MetricKind.Histogram && f.Instrument.Name == instrumentName);
        if (family is null || family.Series.Count == 0)
        {
            return null;
        }
        var readings = family.Series.Select(s => s.Read()).ToList();
        var bounds = family.Series.First().Bounds!;
        var cumulative = new long[bounds.Length + 1];
        foreach (var reading in readings)
        {
            for (var i = 0; i < cumulative.Length; i++)
            {
                cumulative[i] += reading.CumulativeBuckets[i];
            }
        }
        return new HistogramReading(bounds, cumulative, readings.Sum(r => r.Sum), readings.Sum(r => r.Count));
    }

    /// <summary>The sum of a counter over its label sets (0 when unknown).</summary>
    public double ReadCounter(string instrumentName) =>
        _families.Values.Where(f => f.Kind == MetricKind.Counter && f.Instrument.Name == instrumentName)
            .SelectMany(f => f.Series).Sum(s => s.Read().Value);

    public void Dispose() => _listener.Dispose();
}
