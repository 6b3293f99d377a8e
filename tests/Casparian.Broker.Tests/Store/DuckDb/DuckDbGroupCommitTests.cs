using Casparian.Broker.Store;
using Casparian.Broker.Store.DuckDb;

namespace Casparian.Broker.Tests.Store.DuckDb;

/// <summary>The single writer merges concurrent requests into shared transactions and answers each caller with its own result.</summary>
public sealed class DuckDbGroupCommitTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("casparian-group-");

    [Fact]
    public async Task Concurrent_requests_share_commits_and_each_gets_its_own_result()
    {
        await using var store = DuckDbStateStore.Open(Path.Combine(_directory.FullName, "state.duckdb"));
        var before = store.Commits;

        // Submitted back to back without awaiting: they queue up while the writer commits the first ones.
        var enqueues = Enumerable.Range(0, 64)
            .Select(caller => store.EnqueueAsync([.. Enumerable.Range(0, 10).Select(i => new EnqueueRequest($"c{caller}-{i}", $"s{caller}", "evtx"))]))
            .ToArray();
        var results = await Task.WhenAll(enqueues);

        Assert.True(store.Commits - before < 32, $"64 concurrent enqueues took {store.Commits - before} commits; group commit is not grouping");
        Assert.All(results, r => Assert.Equal(10, r.NewJobIds.Count));
        Assert.Equal(640, results.SelectMany(r => r.NewJobIds).Distinct().Count());
        for (var caller = 0; caller < 64; caller++)
        {
            var mine = await store.QueryJobsAsync(new JobQuery(SourceHash: $"s{caller}"), 100);
            Assert.Equal(results[caller].NewJobIds, mine.Select(j => j.Id));
        }
    }

    [Fact]
    public async Task Concurrent_leases_in_one_group_never_hand_out_a_job_twice()
    {
        await using var store = DuckDbStateStore.Open(Path.Combine(_directory.FullName, "state.duckdb"));
        await store.EnqueueAsync([.. Enumerable.Range(0, 500).Select(i => new EnqueueRequest($"k{i}", "s", "evtx", Priority: i % 5))]);

        var leases = await Task.WhenAll(Enumerable.Range(0, 16).Select(w => store.LeaseAsync($"w{w}", 40, TimeSpan.FromMinutes(1))));

        var all = leases.SelectMany(l => l).ToList();
        Assert.Equal(500, all.Count);
        Assert.Equal(500, all.Select(j => j.Id).Distinct().Count());
        for (var w = 0; w < 16; w++)
        {
            Assert.All(leases[w], j => Assert.Equal($"w{w}", j.WorkerId));
            Assert.Equal(leases[w].Count, await store.CountJobsAsync(new JobQuery(WorkerId: $"w{w}")));
        }
    }

    [Fact]
    public async Task The_store_checkpoints_at_its_configured_wal_size()
    {
        await using (var byDefault = DuckDbStateStore.Open(Path.Combine(_directory.FullName, "default.duckdb")))
        {
            Assert.StartsWith("128", await byDefault.SettingAsync("checkpoint_threshold"));
        }
        await using var tuned = DuckDbStateStore.Open(Path.Combine(_directory.FullName, "tuned.duckdb"), options: new DuckDbStoreOptions { CheckpointThreshold = "32MiB" });
        Assert.StartsWith("32", await tuned.SettingAsync("checkpoint_threshold"));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
