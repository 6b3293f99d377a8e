using System.Diagnostics.Metrics;
using Casparian.Broker.Api.Metrics;

namespace Casparian.Broker.Tests.Api.Metrics;

/// <summary>The exposition writer over a private meter, checked with the independent parser.</summary>
public sealed class MetricsCollectorTests : IDisposable
{
    private readonly object _scope = new();
    private readonly Meter _meter;
    private readonly MetricsCollector _collector;

    public MetricsCollectorTests()
    {
        _meter = new Meter(new MeterOptions("Test.Collector") { Scope = _scope });
        _collector = new MetricsCollector(i => ReferenceEquals(i.Meter.Scope, _scope));
    }

    [Fact]
    public void Counters_get_total_names_sanitized_and_label_values_escaped()
    {
        var counter = _meter.CreateCounter<long>("casparian.odd-name.9", description: "line one\nline \\ two");
        counter.Add(2, new KeyValuePair<string, object?>("path", "C:\\evidence\\\"a\"\nb"), new KeyValuePair<string, object?>("bad.label", 7));
        counter.Add(3, new KeyValuePair<string, object?>("bad.label", 7), new KeyValuePair<string, object?>("path", "C:\\evidence\\\"a\"\nb"));

        var text = _collector.Scrape();
        var families = PrometheusText.Parse(text);

        var family = families["casparian_odd_name_9_total"];
        Assert.Equal("counter", family.Type);
        Assert.Equal("line one\\nline \\\\ two", family.Help);
        var sample = Assert.Single(family.Samples);
        Assert.Equal(5, sample.Value);
        Assert.Equal("C:\\evidence\\\"a\"\nb", sample.Labels["path"]);
        Assert.Equal("7", sample.Labels["bad_label"]);
    }

    [Fact]
    public void Histograms_have_cumulative_buckets_with_le_sum_and_count()
    {
        var histogram = _meter.CreateHistogram("test.latency", unit: "ms", description: "d", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 10, 100] });
        foreach (var value in new[] { 0.5, 1, 5, 50, 500, 5000 })
        {
            histogram.Record(value);
        }

        var families = PrometheusText.Parse(_collector.Scrape());

        Assert.Equal("histogram", families["test_latency"].Type);
        Assert.Equal(2, PrometheusText.Value(families, "test_latency_bucket", ("le", "1")));
        Assert.Equal(3, PrometheusText.Value(families, "test_latency_bucket", ("le", "10")));
        Assert.Equal(4, PrometheusText.Value(families, "test_latency_bucket", ("le", "100")));
        Assert.Equal(6, PrometheusText.Value(families, "test_latency_bucket", ("le", "+Inf")));
        Assert.Equal(6, PrometheusText.Value(families, "test_latency_count"));
        Assert.Equal(5556.5, PrometheusText.Value(families, "test_latency_sum"));
    }

    [Fact]
    public void Observable_gauges_report_their_current_value_at_each_scrape()
    {
        var depth = 3L;
        _meter.CreateObservableGauge("test.depth", () => new Measurement<long>(depth, new KeyValuePair<string, object?>("state", "Queued")));

        var first = PrometheusText.Value(PrometheusText.Parse(_collector.Scrape()), "test_depth", ("state", "Queued"));
        depth = 9;
        var second = PrometheusText.Value(PrometheusText.Parse(_collector.Scrape()), "test_depth", ("state", "Queued"));

        Assert.Equal((3, 9), (first, second));
    }

    [Fact]
    public void Instruments_of_other_meters_are_not_exposed()
    {
        using var other = new Meter("Test.Collector");
        other.CreateCounter<long>("test.foreign").Add(1);
        _meter.CreateCounter<long>("test.own").Add(1);

        var families = PrometheusText.Parse(_collector.Scrape());

        Assert.True(families.ContainsKey("test_own_total"));
        Assert.False(families.ContainsKey("test_foreign_total"));
    }

    [Fact]
    public void Quantiles_interpolate_inside_the_bucket_like_histogram_quantile()
    {
        var reading = new HistogramReading([1, 10, 100], [0, 50, 100, 100], 0, 100);

        Assert.Equal(5.5, reading.Quantile(0.25)!.Value, 6);
        Assert.Equal(10, reading.Quantile(0.5)!.Value, 6);
        Assert.Equal(98.2, reading.Quantile(0.99)!.Value, 6);
        Assert.Null(new HistogramReading([1], [0, 0], 0, 0).Quantile(0.5));
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }
}
