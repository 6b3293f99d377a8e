using Casparian.Cli.Tests.Cluster;
using Casparian.Testing;

namespace Casparian.Cli.Tests.Run;

/// <summary>
/// Cluster mode gives the same tables as unified mode: <c>casparian sentinel --store postgres://…</c>, two
/// <c>casparian worker</c> processes and <c>casparian scan --store postgres://… --out parquet://DIR</c>, against
/// <c>casparian run</c> of the same corpus into DuckDB; read back independently through DuckDB's read_parquet.
/// </summary>
public sealed class ClusterModeTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly string _root = Directory.CreateTempSubdirectory("cf-cluster-run-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_Postgres_Sentinel_with_two_workers_fed_by_scan_writes_the_same_rows_as_unified_mode()
    {
        var corpus = RunCli.DemoCorpus(_root, "csv/logins-day1.csv", "csv/logins-day2.csv", "jsonl/process-events.jsonl");
        var parquet = Path.Combine(_root, "parquet");
        var (store, _) = await postgres.NewStoreAsync("cluster");

        var (sentinel, endpoint) = await Cluster.Cluster.StartSentinelAsync(store);
        await using (sentinel)
        {
            await using var w1 = await Cluster.Cluster.StartWorkerAsync(sentinel, endpoint, "w1", capacity: 1);
            await using var w2 = await Cluster.Cluster.StartWorkerAsync(sentinel, endpoint, "w2", capacity: 1);

            var scan = await RunCli.RunAsync(_root, Timeout, "scan", corpus, "--store", store, "--out", $"parquet://{parquet}");

            Assert.True(scan.ExitCode == 0, scan.ToString());
            Assert.Contains("3 jobs enqueued, 0 up to date", scan.Stdout, StringComparison.Ordinal);
            await ClusterTests.WaitUntilAsync(() => Task.FromResult(sentinel.CountLines(@"Job \d+ \S+ → (Completed|Failed|DeadLettered)") >= 3),
                Timeout, n => sentinel.Tail(n));
            Assert.Equal(3, sentinel.CountLines(@"Job \d+ Complete → Completed"));
            var rescan = await RunCli.RunAsync(_root, Timeout, "scan", corpus, "--store", store, "--out", $"parquet://{parquet}");
            Assert.Contains("0 jobs enqueued; everything is up to date", rescan.Stdout, StringComparison.Ordinal);
        }

        var unified = await RunCli.RunAsync(_root, Timeout, "run", corpus, "--workers", "2");
        Assert.True(unified.ExitCode == 0, unified.ToString());
        var duckDb = Path.Combine(_root, ".casparian", "out.duckdb");
        foreach (var table in new[] { "logins", "logins__quarantine", "process_events", "process_events__quarantine" })
        {
            var expected = RunCli.Rows(duckDb, table);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, RunCli.RowsFrom(null, $"read_parquet('{parquet}/{table}/*.parquet')"));
        }
    }
}
