using Casparian.Broker.Store;
using Casparian.Broker.Store.Catalog;

namespace Casparian.Broker.Tests.Store;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Completing_a_job_records_its_materializations_in_the_same_step()
    {
        var id = await EnqueueOneAsync("mk-done");
        await Store.LeaseAsync(Worker, 1, Lease);
        var outputs = new[] { new Materialization("mat-1", "target-a", "src-a", "sha-a", id, 10), new Materialization("mat-2", "target-b", "src-a", "sha-a", id, 3) };

        var result = Assert.Single(await Store.TransitionAsync([new TransitionRequest(id, JobTransition.Complete, Worker, Materializations: outputs)]));

        Assert.True(result.Applied);
        Assert.Empty(await Store.Catalog.MissingMaterializationsAsync(["mat-1", "mat-2"]));
    }

    [Fact]
    public async Task A_refused_complete_records_no_materialization()
    {
        var id = await EnqueueOneAsync("mk-late");
        await Store.LeaseAsync(Worker, 1, Lease);
        await Store.RequeueWorkerAsync(Worker, "lost");

        // The lost worker's late receipt: the job is no longer held by it.
        var late = Assert.Single(await Store.TransitionAsync(
            [new TransitionRequest(id, JobTransition.Complete, Worker, Materializations: [new Materialization("mat-late", "t", "src-a", "sha", id, 1)])]));

        Assert.False(late.Applied);
        Assert.Equal(["mat-late"], await Store.Catalog.MissingMaterializationsAsync(["mat-late"]));
    }

    [Fact]
    public async Task A_duplicate_receipt_in_one_batch_records_one_materialization()
    {
        var id = await EnqueueOneAsync("mk-dup");
        await Store.LeaseAsync(Worker, 1, Lease);
        var output = new Materialization("mat-dup", "t", "src-a", "sha", id, 5);

        var results = await Store.TransitionAsync([
            new TransitionRequest(id, JobTransition.Complete, Worker, Materializations: [output]),
            new TransitionRequest(id, JobTransition.Complete, Worker, Materializations: [output]),
        ]);

        Assert.Equal(1, results.Count(r => r.Applied));
        Assert.Empty(await Store.Catalog.MissingMaterializationsAsync(["mat-dup"]));
    }

    [Fact]
    public async Task A_key_already_recorded_keeps_its_first_record_and_the_job_still_completes()
    {
        var first = await EnqueueOneAsync("mk-first", source: "src-first");
        var second = await EnqueueOneAsync("mk-second", source: "src-second");
        await Store.LeaseAsync(Worker, 2, Lease);
        Assert.True(Assert.Single(await Store.TransitionAsync(
            [new TransitionRequest(first, JobTransition.Complete, Worker, Materializations: [new Materialization("mat-shared", "t", "src-first", "sha", first, 5)])])).Applied);

        var results = await Store.TransitionAsync(
            [new TransitionRequest(second, JobTransition.Complete, Worker, Materializations: [new Materialization("mat-shared", "t", "src-second", "sha", second, 9)])]);

        Assert.True(Assert.Single(results).Applied);
        var recorded = Assert.Single(await Store.Catalog.QueryMaterializationsAsync(new MaterializationQuery(), 10));
        Assert.Equal(("mat-shared", "src-first", 5L), (recorded.Key, recorded.SourceHash, recorded.Rows));
    }

    [Fact]
    public async Task Concurrent_completes_sharing_a_key_all_apply_and_record_it_once()
    {
        var ids = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await EnqueueOneAsync($"mk-c{i}", source: $"src-c{i}"));
        }
        await Store.LeaseAsync(Worker, ids.Count, Lease);

        // Sent together, so the DuckDB writer groups them: one conflicting request must not fail the others.
        var calls = ids.Select((id, i) => Store.TransitionAsync([new TransitionRequest(id, JobTransition.Complete, Worker,
            Materializations: [new Materialization(i % 2 == 0 ? "mat-even" : $"mat-odd-{i}", "t", $"src-c{i}", "sha", id, i)])])).ToList();
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.True(Assert.Single(r).Applied));
        var keys = (await Store.Catalog.QueryMaterializationsAsync(new MaterializationQuery(), 100)).Select(m => m.Key).Order().ToList();
        Assert.Equal(["mat-even", "mat-odd-1", "mat-odd-3", "mat-odd-5", "mat-odd-7"], keys);
    }
}
