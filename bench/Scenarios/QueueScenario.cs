using System.Globalization;
using Casparian.Bench.Scenarios.Queue;
using Casparian.Broker.Store.DuckDb;
using Casparian.Broker.Store.Postgres;
using Casparian.Testing;

namespace Casparian.Bench.Scenarios;

/// <summary>
/// <c>queue</c>: enqueue → lease → complete cycles in batches of 64, jobs per second, for each state store adapter beside
/// its reference in the same run. DuckDB: against the same cycle with one transaction per job (goal ≥ 20,000 jobs/s).
/// PostgreSQL: against a pgbench SKIP LOCKED claim of 32 on a plain one-table queue (see <see cref="PgbenchClaim"/>) on the
/// same throwaway server (goal ratio ≥ 1.0, while we also
/// enqueue and complete). Options: <c>--adapter both|duckdb|postgres</c> (default both), <c>--seconds N</c> (default 10), <c>--clients N</c> (default 32: a Sentinel serving
/// many workers has that many conclude/lease flows in flight; group commit needs concurrency to group, and with C
/// clients about C/2 requests wait while the previous group commits).
/// </summary>
internal sealed class QueueScenario : IScenario
{
    private const double DuckDbGoal = 20_000;

    public string Name => "queue";

    public string Description => "job queue: enqueue/lease/complete in batches of 64 on DuckDB and PostgreSQL vs references";

    public async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 10);
        var clients = Option(args, "--clients", 32);
        var adapter = TextOption(args, "--adapter", "both");
        var duration = TimeSpan.FromSeconds(seconds);
        var directory = Directory.CreateTempSubdirectory("casparian-bench-queue-");
        try
        {
            Console.WriteLine($"queue: {clients} clients, {seconds}s per measurement, batches of {QueueCycle.Batch}");
            if (adapter is "both" or "duckdb")
            {
                await RunDuckDbAsync(directory.FullName, clients, duration);
            }
            if (adapter is "both" or "postgres")
            {
                await RunPostgresAsync(clients, duration);
            }
            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task RunDuckDbAsync(string directory, int clients, TimeSpan duration)
    {
        double duckOurs;
        await using (var store = DuckDbStateStore.Open(Path.Combine(directory, "ours.duckdb")))
        {
            duckOurs = await QueueCycle.RunAsync(store, clients, duration, "duck");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  duckdb group commits: {store.Commits}"));
        }
        var duckReference = await DuckDbOneTransactionPerJob.RunAsync(Path.Combine(directory, "reference.duckdb"), duration);
        BenchReport.Line("queue-duckdb", duckOurs, duckReference, "jobs/s", "DuckDB one transaction per job", DuckDbGoal / duckReference);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  duckdb goal >= {DuckDbGoal:0} jobs/s: {(duckOurs >= DuckDbGoal ? "met" : "NOT met")}"));
    }

    private static async Task RunPostgresAsync(int clients, TimeSpan duration)
    {
        await using var server = await ThrowawayPostgres.StartAsync();
        double pgOurs;
        var connectionString = await server.CreateDatabaseAsync("queue");
        await using (var store = await PostgresStateStore.OpenAsync(connectionString))
        {
            var profile = await PostgresProfile.StartAsync(connectionString);
            pgOurs = await QueueCycle.RunAsync(store, clients, duration, "pg");
            await profile.PrintAsync(connectionString);
        }
        var onOurSchema = await PgbenchClaim.RunOnOurSchemaAsync(server, duration);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  for information: the same pgbench claim on our job_state table: {onOurSchema:0} jobs/s"));
        var pgReference = await PgbenchClaim.RunAsync(server, duration);
        BenchReport.Line("queue", pgOurs, pgReference, "jobs/s", "pgbench SKIP LOCKED claim of 32 on a one-table queue, PostgreSQL", 1.0);
    }

    private static string TextOption(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
