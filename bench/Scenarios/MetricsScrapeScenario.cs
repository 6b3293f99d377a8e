using System.Globalization;
using Casparian.Bench.Scenarios.Metrics;

namespace Casparian.Bench.Scenarios;

/// <summary>
/// <c>metrics-scrape</c>: builtin:noop throughput through 1 Sentinel and 4 in-process workers at full speed, with and
/// without a client scraping /metrics every 100 ms. Runs alternate (reference, scraped, reference, …) and each side
/// reports its median, so drift on a shared machine hits both. Goal: scraping costs at most 5 %.
/// </summary>
internal sealed class MetricsScrapeScenario : IScenario
{
    private static readonly TimeSpan ScrapeEvery = TimeSpan.FromMilliseconds(100);

    public string Name => "metrics-scrape";

    public string Description => "noop jobs/s through 1 Sentinel + 4 workers while scraping /metrics every 100 ms vs not scraping";

    public async Task<int> RunAsync(string[] args)
    {
        var jobs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        const int workers = 4;
        const int capacity = 64;
        // A discarded warm-up: JIT, thread pool growth and the first DuckDB files would otherwise weigh on round 1.
        await ScrapedRun.MeasureAsync(Math.Min(jobs, 10_000), workers, capacity, ScrapeEvery);
        var plain = new List<double>();
        var scraped = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var (reference, _) = await ScrapedRun.MeasureAsync(jobs, workers, capacity, scrapeEvery: null);
            var (ours, scrapes) = await ScrapedRun.MeasureAsync(jobs, workers, capacity, ScrapeEvery);
            plain.Add(reference);
            scraped.Add(ours);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round + 1}: no scraping {reference:0} jobs/s; scraping every {ScrapeEvery.TotalMilliseconds:0} ms {ours:0} jobs/s ({scrapes} scrapes)"));
        }
        BenchReport.Line(Name, Median(scraped), Median(plain), "jobs/s", "no scraping", 0.95);
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
