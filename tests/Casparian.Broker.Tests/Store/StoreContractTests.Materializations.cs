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
}
