using System.Globalization;
using Casparian.Bench.Scenarios.Dispatch;
using Casparian.Bench.Scenarios.Zmq;
using Casparian.Broker.Store.DuckDb;
using Casparian.Broker.Store.Postgres;
using Casparian.Testing;

namespace Casparian.Bench.Scenarios;

/// <summary>
/// <c>dispatch</c>: builtin:noop jobs through 1 Sentinel and 4 workers, on DuckDB and on PostgreSQL, beside the raw
/// pipelined ROUTER/DEALER request rate of our binding measured in the same run. Goal: 20,000 jobs/s on either store.
/// </summary>
internal sealed class DispatchScenario : IScenario
{
    private const double Goal = 20_000;

    public string Name => "dispatch";

    public string Description => "builtin:noop jobs/s and dispatch-to-receipt latency through 1 Sentinel + 4 workers (DuckDB, PostgreSQL) vs raw ROUTER/DEALER";

    public async Task<int> RunAsync(string[] args)
    {
        var jobs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        const int workers = 4;
        var capacity = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        // Short jobs: each worker queues four times what it runs, so a freed slot never waits a Sentinel round trip
        // (one store round trip is ~20 ms here; a noop job is microseconds), and each store round carries enough jobs
        // to share its fixed cost (a DuckDB statement costs ~1 ms however few rows it touches).
        var prefetch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4 * capacity;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workers} workers, capacity {capacity}, prefetch {prefetch}"));

        var raw = RawRouterDealerRate.Measure(PipelineOptions.Default with { InFlight = workers * (capacity + prefetch) });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw ROUTER/DEALER: {raw.RequestsPerSecond:0} req/s ({workers * (capacity + prefetch)} in flight)"));

        var directory = Directory.CreateTempSubdirectory("casparian-dispatch-");
        DispatchResult duck;
        try
        {
            await using var store = DuckDbStateStore.Open(Path.Combine(directory.FullName, "state.duckdb"));
            duck = await DispatchRun.MeasureAsync(store, jobs, workers, capacity, prefetch);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
        Print("duckdb", duck);

        DispatchResult pg;
        await using (var server = await ThrowawayPostgres.StartAsync())
        {
            await using var store = await PostgresStateStore.OpenAsync(await server.CreateDatabaseAsync("dispatch"));
            pg = await DispatchRun.MeasureAsync(store, jobs, workers, capacity, prefetch);
        }
        Print("postgres", pg);

        BenchReport.Line("dispatch-postgres", pg.JobsPerSecond, raw.RequestsPerSecond, "jobs/s", "raw ROUTER/DEALER req/s, our binding", Goal / raw.RequestsPerSecond);
        BenchReport.Line("dispatch", duck.JobsPerSecond, raw.RequestsPerSecond, "jobs/s", "raw ROUTER/DEALER req/s, our binding", Goal / raw.RequestsPerSecond);
        return 0;
    }

    private static void Print(string store, DispatchResult result) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{store}: {result.Jobs} jobs in {result.Elapsed.TotalSeconds:0.00} s = {result.JobsPerSecond:0} jobs/s; dispatch-to-receipt p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms"));
}
