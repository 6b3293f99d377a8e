using Casparian.Broker.Store;
using Casparian.Broker.Store.Postgres;
using Npgsql;

namespace Casparian.Cli.Tests.Cluster;

/// <summary>The cluster acceptance tests: a real Sentinel and real workers as processes, on 127.0.0.1, with PostgreSQL.</summary>
public sealed class ClusterTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task One_sentinel_and_three_workers_complete_2000_jobs_exactly_once()
    {
        var (storeUri, connectionString) = await postgres.NewStoreAsync();
        await using (var store = await PostgresStateStore.OpenAsync(connectionString))
        {
            var jobs = Enumerable.Range(0, 2000).Select(i => new EnqueueRequest($"mk-{i:D5}", $"src-{i:D5}", "builtin:noop")).ToArray();
            var enqueued = await store.EnqueueAsync(jobs);
            Assert.Equal(2000, enqueued.NewJobIds.Count);
        }

        var (sentinel, endpoint) = await Cluster.StartSentinelAsync(storeUri);
        await using var _ = sentinel;
        await using var w1 = await Cluster.StartWorkerAsync(sentinel, endpoint, "w1", capacity: 16);
        await using var w2 = await Cluster.StartWorkerAsync(sentinel, endpoint, "w2", capacity: 16);
        await using var w3 = await Cluster.StartWorkerAsync(sentinel, endpoint, "w3", capacity: 16);

        await using (var store = await PostgresStateStore.OpenAsync(connectionString))
        {
            await WaitUntilAsync(async () => (await store.CountByStateAsync())[JobState.Completed] == 2000, RunTimeout, sentinel.Tail);
            var states = await store.CountByStateAsync();
            Assert.Equal(2000, states[JobState.Completed]);
            Assert.Equal(2000, states.Values.Sum());
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT job_id), count(DISTINCT materialization_key) FROM materializations", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(2000L, reader.GetInt64(0));
        Assert.Equal(2000L, reader.GetInt64(1));
        Assert.Equal(2000L, reader.GetInt64(2));
        // Every worker took part.
        Assert.All(new[] { w1, w2, w3 }, w => Assert.True(w.CountLines("concluded Completed") > 0, $"{w.Name} ran nothing"));
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<int, string> diagnostics)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            try
            {
                // Polling the store with a deadline: the store has no change feed to wait on.
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"condition not met within {timeout}:\n{diagnostics(60)}");
            }
        }
    }
}
