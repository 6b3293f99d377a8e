using System.Diagnostics;
using Casparian.Broker.Api;
using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;
using Casparian.Broker.Store.DuckDb;
using Casparian.Broker.Transport;
using Casparian.Worker.Execution;
using Casparian.Worker.Runtimes.Builtin;
using Casparian.Worker.Service;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casparian.Bench.Scenarios.Metrics;

/// <summary>
/// builtin:noop jobs through a Sentinel with its HTTP control API and N in-process workers over tcp on 127.0.0.1,
/// optionally with a client scraping /metrics at a fixed interval the whole time; returns jobs per second.
/// </summary>
internal static class ScrapedRun
{
    public static async Task<(double JobsPerSecond, int Scrapes)> MeasureAsync(int jobs, int workers, int capacity, TimeSpan? scrapeEvery)
    {
        var directory = Directory.CreateTempSubdirectory("casparian-scrape-");
        try
        {
            await using var store = DuckDbStateStore.Open(Path.Combine(directory.FullName, "state.duckdb"));
            var requests = Enumerable.Range(0, jobs).Select(i => new EnqueueRequest($"scrape-mk-{i:D8}", $"scrape-src-{i:D8}", "builtin:noop")).ToArray();
            for (var i = 0; i < requests.Length; i += 10_000)
            {
                await store.EnqueueAsync(requests[i..Math.Min(requests.Length, i + 10_000)]);
            }
            var options = new SentinelOptions { Router = new RouterOptions { Bind = "tcp://127.0.0.1:*" } };
            var token = ApiToken.LoadOrCreate(Path.Combine(directory.FullName, "api-token"));
            using var sentinel = new SentinelService(store, options, NullLoggerFactory.Instance);
            await using var api = new ControlApiServer(sentinel, store, options, token, new ControlApiOptions { Endpoint = ControlApiOptions.ParseAddress("127.0.0.1:0") },
                NullLoggerFactory.Instance);
            await api.StartAsync(default);
            await sentinel.StartAsync(default);
            var endpoint = await sentinel.Listening;
            using var http = new HttpClient { BaseAddress = await api.Listening };

            using var stopScraping = new CancellationTokenSource();
            var scrapes = 0;
            var scraper = scrapeEvery is { } every ? Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(every);
                while (await timer.WaitForNextTickAsync(stopScraping.Token).ConfigureAwait(false))
                {
                    var text = await http.GetStringAsync("/metrics", stopScraping.Token).ConfigureAwait(false);
                    if (text.Length > 0)
                    {
                        scrapes++;
                    }
                }
            }) : Task.CompletedTask;

            var services = new List<WorkerService>();
            var clock = Stopwatch.StartNew();
            for (var w = 0; w < workers; w++)
            {
                var executor = new JobExecutor([new BuiltinRuntime([new NoopParser()])], TimeSpan.FromMinutes(1));
                var service = new WorkerService(new WorkerOptions { Connect = endpoint, WorkerId = $"scrape-w{w}", Capacity = capacity }, executor, ["builtin:noop"],
                    NullLoggerFactory.Instance);
                await service.StartAsync(default);
                services.Add(service);
            }
            while ((sentinel.Core?.Completed ?? 0) < jobs)
            {
                // Polling the completion count: the benchmark's own overhead is the same with and without scraping.
                await Task.Delay(10);
                if (clock.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException($"only {sentinel.Core?.Completed} of {jobs} jobs completed in 5 minutes");
                }
            }
            var elapsed = clock.Elapsed;
            await stopScraping.CancelAsync();
            try
            {
                await scraper;
            }
            catch (OperationCanceledException)
            {
                // The scraper ends by cancellation.
            }
            foreach (var service in services)
            {
                await service.StopAsync(default);
                service.Dispose();
            }
            await sentinel.StopAsync(default);
            await api.StopAsync(default);
            return (jobs / elapsed.TotalSeconds, scrapes);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
