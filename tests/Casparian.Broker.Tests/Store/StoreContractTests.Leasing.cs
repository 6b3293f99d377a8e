using Casparian.Broker.Store;

namespace Casparian.Broker.Tests.Store;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Enqueue_is_idempotent_by_materialization_key()
    {
        var first = await Store.EnqueueAsync([Job("a"), Job("b"), Job("a")]);
        var second = await Store.EnqueueAsync([Job("b"), Job("c")]);

        Assert.Equal(2, first.NewJobIds.Count);
        Assert.Equal(1, first.Duplicates);
        Assert.Single(second.NewJobIds);
        Assert.Equal(1, second.Duplicates);
        Assert.Equal(3, await Store.CountJobsAsync(JobQuery.All));
    }

    [Fact]
    public async Task Lease_takes_the_highest_priority_first_then_the_oldest()
    {
        var low = (await Store.EnqueueAsync([Job("low-old", priority: 1)])).NewJobIds[0];
        var high = (await Store.EnqueueAsync([Job("high", priority: 5)])).NewJobIds[0];
        var lowNew = (await Store.EnqueueAsync([Job("low-new", priority: 1)])).NewJobIds[0];

        var leased = await Store.LeaseAsync(Worker, 2, Lease);

        Assert.Equal([high, low], leased.Select(j => j.Id));
        Assert.All(leased, j => Assert.Equal(JobState.Dispatched, j.State));
        Assert.All(leased, j => Assert.Equal(Worker, j.WorkerId));
        Assert.All(leased, j => Assert.Equal(1, j.Attempts));
        Assert.Equal(lowNew, Assert.Single(await Store.LeaseAsync("worker-2", 5, Lease)).Id);
        Assert.Empty(await Store.LeaseAsync("worker-3", 5, Lease));
    }

    [Fact]
    public async Task Concurrent_leases_of_several_workers_share_the_best_jobs_without_overlap()
    {
        var jobs = Enumerable.Range(0, 10).Select(i => Job($"c{i}", priority: i % 5)).ToList();
        await Store.EnqueueAsync(jobs);

        // Sent together, so the DuckDB writer serves them in one group, including a worker that asks twice.
        var results = await Task.WhenAll(Store.LeaseAsync(Worker, 3, Lease), Store.LeaseAsync("worker-2", 3, Lease), Store.LeaseAsync(Worker, 2, Lease));

        Assert.Equal([3, 3, 2], results.Select(r => r.Count));
        Assert.Equal([Worker, "worker-2", Worker], results.Select(r => Assert.Single(r.Select(j => j.WorkerId).Distinct())));
        Assert.Equal(8, results.SelectMany(r => r).Select(j => j.Id).Distinct().Count());
        Assert.All(results, r => Assert.Equal(r.Select(j => j.Priority).OrderDescending(), r.Select(j => j.Priority)));
        // The two left queued are the two of lowest priority.
        var left = await Store.QueryJobsAsync(new JobQuery(State: JobState.Queued), 10);
        Assert.Equal([0, 0], left.Select(j => j.Priority));
    }

    [Fact]
    public async Task Lease_finds_new_jobs_after_every_job_was_final()
    {
        // Guards against plans that fold "state = Queued" away using stale statistics from when nothing was queued.
        Assert.Empty(await Store.LeaseAsync(Worker, 4, Lease));
        await JobInStateAsync(JobState.Completed, "done");
        Assert.Empty(await Store.LeaseAsync(Worker, 4, Lease));

        var id = await EnqueueOneAsync("new");

        Assert.Equal(id, await LeaseOneAsync());
        await ApplyAsync(id, JobTransition.Complete, Worker);
        Assert.Equal(JobState.Completed, (await JobAsync(id)).State);
    }

    [Fact]
    public async Task Lease_honours_not_before()
    {
        await Store.EnqueueAsync([new EnqueueRequest("later", "src", "evtx", NotBefore: Clock.GetUtcNow().AddMinutes(5))]);

        Assert.Empty(await Store.LeaseAsync(Worker, 10, Lease));
        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Single(await Store.LeaseAsync(Worker, 10, Lease));
    }

    [Fact]
    public async Task Lease_sets_the_lease_end_and_heartbeats_extend_it()
    {
        var id = await JobInStateAsync(JobState.Running);
        Assert.Equal(Clock.GetUtcNow() + Lease, (await JobAsync(id)).LeaseExpires);

        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, await Store.ExtendLeasesAsync(Worker, Lease));
        Assert.Equal(0, await Store.ExtendLeasesAsync("worker-2", Lease));
        Clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Empty(await Store.RequeueExpiredLeasesAsync());
        Assert.Equal(JobState.Running, (await JobAsync(id)).State);
    }

    [Fact]
    public async Task Expired_leases_are_requeued_as_worker_losses()
    {
        var id = await JobInStateAsync(JobState.Dispatched);
        Clock.Advance(Lease + TimeSpan.FromSeconds(1));

        var results = await Store.RequeueExpiredLeasesAsync();

        Assert.Equal(JobState.Queued, Assert.Single(results).State);
        var job = await JobAsync(id);
        Assert.Equal(JobState.Queued, job.State);
        Assert.Null(job.WorkerId);
        Assert.Equal(1, job.WorkerLosses);
    }

    [Fact]
    public async Task A_lost_worker_gets_its_jobs_requeued_and_no_one_elses()
    {
        await Store.EnqueueAsync([Job("a", "s1"), Job("b", "s2"), Job("c", "s3"), Job("d", "s4")]);
        var mine = await Store.LeaseAsync(Worker, 3, Lease);
        var theirs = Assert.Single(await Store.LeaseAsync("worker-2", 3, Lease));
        await ApplyAsync(mine[0].Id, JobTransition.Accept, Worker);

        var results = await Store.RequeueWorkerAsync(Worker, "missed 3 heartbeats");

        Assert.Equal(mine.Select(j => j.Id).Order(), results.Select(r => r.JobId).Order());
        Assert.All(results, r => Assert.Equal(JobState.Queued, r.State));
        Assert.Equal(3, await Store.CountJobsAsync(new JobQuery(State: JobState.Queued)));
        Assert.Equal(0, await Store.CountJobsAsync(new JobQuery(WorkerId: Worker)));
        Assert.Equal(JobState.Dispatched, (await JobAsync(theirs.Id)).State);
        Assert.Equal(3, (await Store.CountersAsync()).WorkerLosses);
        Assert.Equal("missed 3 heartbeats", (await JobAsync(mine[0].Id)).Reason);
    }

    [Fact]
    public async Task A_late_message_from_a_lost_worker_is_refused()
    {
        var id = await JobInStateAsync(JobState.Running);
        await Store.RequeueWorkerAsync(Worker, "lost");
        Assert.Equal(id, await LeaseOneAsync("worker-2"));

        var late = await Store.TransitionAsync(id, JobTransition.Complete, Worker);

        Assert.False(late.Applied);
        Assert.Equal("worker-2", (await JobAsync(id)).WorkerId);
    }
}
