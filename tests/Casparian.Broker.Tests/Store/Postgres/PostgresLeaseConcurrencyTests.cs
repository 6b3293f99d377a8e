using Casparian.Testing;
using System.Collections.Concurrent;
using Casparian.Broker.Store;
using Casparian.Broker.Store.Postgres;

namespace Casparian.Broker.Tests.Store.Postgres;

/// <summary>Several Sentinels on one PostgreSQL database: leases never overlap and no job is lost.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLeaseConcurrencyTests(PostgresFixture cluster)
{
    private const int Jobs = 100_000;
    private const int Leasers = 8;

    [Fact]
    public async Task Eight_connections_leasing_100000_jobs_never_lease_one_twice_and_lose_none()
    {
        var database = await cluster.Server.CreateDatabaseAsync("concurrency");
        await using (var setup = await PostgresStateStore.OpenAsync(database))
        {
            foreach (var chunk in Enumerable.Range(0, Jobs).Chunk(10_000))
            {
                var result = await setup.EnqueueAsync([.. chunk.Select(i => new EnqueueRequest($"m-{i}", $"s-{i % 977}", "evtx", Priority: i % 3))]);
                Assert.Equal(chunk.Length, result.NewJobIds.Count);
            }
        }
        // One store per leaser, as separate Sentinel processes would have: each has its own connection.
        var stores = new List<PostgresStateStore>();
        for (var i = 0; i < Leasers; i++)
        {
            stores.Add(await PostgresStateStore.OpenAsync(database + ";Maximum Pool Size=1"));
        }
        var leases = new ConcurrentBag<(long Id, string Worker)>();
        using var start = new ManualResetEventSlim();
        var leasers = stores.Select((store, n) => Task.Run(async () =>
        {
            var worker = $"sentinel-{n}";
            start.Wait();
            while (true)
            {
                var batch = await store.LeaseAsync(worker, 64, TimeSpan.FromMinutes(5));
                if (batch.Count == 0)
                {
                    return;
                }
                foreach (var job in batch)
                {
                    leases.Add((job.Id, worker));
                }
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(leasers);

        var ids = leases.Select(l => l.Id).ToList();
        Assert.Equal(Jobs, ids.Count);
        Assert.Equal(Jobs, ids.Distinct().Count());
        var counts = await stores[0].CountByStateAsync();
        Assert.Equal(Jobs, counts[JobState.Dispatched]);
        Assert.Equal(0, counts[JobState.Queued]);
        // Every lease recorded by a leaser is the one the database holds.
        foreach (var group in leases.GroupBy(l => l.Worker))
        {
            Assert.Equal(group.Count(), await stores[0].CountJobsAsync(new JobQuery(WorkerId: group.Key)));
        }
        Assert.True(leases.Select(l => l.Worker).Distinct().Count() > 1, "only one leaser got jobs; the test did not run concurrently");
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }
}
