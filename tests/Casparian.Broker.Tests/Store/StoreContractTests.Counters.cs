using Casparian.Broker.Store;

namespace Casparian.Broker.Tests.Store;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task A_rejection_requeues_without_spending_the_retry_budget()
    {
        var id = await JobInStateAsync(JobState.Dispatched);

        await ApplyAsync(id, JobTransition.Reject, Worker);

        var job = await JobAsync(id);
        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal((0, 1, 0), (job.Retries, job.Rejections, job.WorkerLosses));
        Assert.Equal(new QueueCounters(0, 1, 0, 0), await Store.CountersAsync());
        Assert.Equal(id, await LeaseOneAsync());
    }

    [Fact]
    public async Task Transient_failures_back_off_and_dead_letter_after_the_retry_budget()
    {
        var id = await EnqueueOneAsync("k1");
        for (var retry = 1; retry <= Policy.MaxRetries; retry++)
        {
            Assert.Equal(id, await LeaseOneAsync());
            await ApplyAsync(id, JobTransition.RetryLater, Worker);
            var job = await JobAsync(id);
            Assert.Equal(JobState.Queued, job.State);
            Assert.Equal(retry, job.Retries);
            Assert.Equal(TimeSpan.FromSeconds(10 << (retry - 1)), Policy.BackoffFor(retry));
            Assert.Equal(Clock.GetUtcNow() + Policy.BackoffFor(retry), job.NotBefore);
            Assert.Empty(await Store.LeaseAsync(Worker, 1, Lease));
            Clock.Advance(Policy.BackoffFor(retry));
        }
        Assert.Equal(id, await LeaseOneAsync());

        var last = await Store.TransitionAsync(id, JobTransition.RetryLater, Worker, "disk full");

        Assert.Equal(JobState.DeadLetter, last.State);
        var dead = await JobAsync(id);
        Assert.Contains("retry budget of 2 spent", dead.Reason, StringComparison.Ordinal);
        Assert.Contains("disk full", dead.Reason, StringComparison.Ordinal);
        Assert.Equal(3, dead.Retries);
        Assert.Equal(new QueueCounters(3, 0, 0, 0), await Store.CountersAsync());
    }

    [Fact]
    public async Task A_source_that_keeps_crashing_its_worker_is_dead_lettered_as_poison()
    {
        var poison = await EnqueueOneAsync("bad", source: "poison-hash");
        var healthy = await EnqueueOneAsync("good", source: "fine-hash");

        // Crash 1: both jobs were on the worker that died; both go back to the queue.
        Assert.Equal(2, (await Store.LeaseAsync(Worker, 2, Lease)).Count);
        Assert.All(await Store.RequeueWorkerAsync(Worker, "crashed"), r => Assert.Equal(JobState.Queued, r.State));
        // Crash 2: only the poison file was running this time.
        Assert.Equal(poison, await LeaseOneAsync());
        var second = await Store.RequeueWorkerAsync(Worker, "crashed");

        Assert.Equal(JobState.DeadLetter, Assert.Single(second).State);
        var job = await JobAsync(poison);
        Assert.Equal($"poison input: source poison-hash crashed its worker {Policy.PoisonCrashes} times", job.Reason);
        Assert.Equal(2, job.WorkerLosses);
        Assert.Equal(JobState.Queued, (await JobAsync(healthy)).State);
        Assert.Equal(new QueueCounters(0, 0, 3, 1), await Store.CountersAsync());
    }

    [Fact]
    public async Task Poison_counts_crashes_per_source_across_its_jobs_once_per_crash()
    {
        // Two outputs of one file are two jobs with one source hash.
        var first = await EnqueueOneAsync("out-1", source: "same-file");
        var second = await EnqueueOneAsync("out-2", source: "same-file", plugin: "other");
        await Store.LeaseAsync(Worker, 2, Lease);
        // One crash with both on the worker counts once.
        Assert.All(await Store.RequeueWorkerAsync(Worker, "crashed"), r => Assert.Equal(JobState.Queued, r.State));
        Assert.Equal(first, await LeaseOneAsync());
        await ApplyAsync(first, JobTransition.Complete, Worker);
        Assert.Equal(second, await LeaseOneAsync());

        var results = await Store.RequeueWorkerAsync(Worker, "crashed");

        Assert.Equal(JobState.DeadLetter, Assert.Single(results).State);
        Assert.Equal(2, (await JobAsync(second)).WorkerLosses);
        Assert.Equal(1, (await Store.CountersAsync()).PoisonInputs);
    }

    [Fact]
    public async Task Cancel_aborts_a_queued_job_at_once_and_flags_a_running_one_until_confirmed()
    {
        var running = await JobInStateAsync(JobState.Running, "r");
        var done = await JobInStateAsync(JobState.Completed, "d");
        var queued = await EnqueueOneAsync("q");

        var results = await Store.CancelAsync([queued, running, done], "operator cancel");

        Assert.Equal([true, true, false], results.Select(r => r.Applied));
        Assert.Equal([JobState.Aborted, JobState.Running, JobState.Completed], results.Select(r => r.State));
        var flagged = await JobAsync(running);
        Assert.True(flagged.AbortRequested);
        Assert.Equal(Worker, flagged.WorkerId);
        // The Sentinel finds the jobs to send ABORT for by this flag alone.
        Assert.Equal([running], (await Store.QueryJobsAsync(new JobQuery(State: JobState.Running, AbortRequested: true), 10)).Select(j => j.Id));
        // The worker confirms nothing was committed; a late success is then refused.
        await ApplyAsync(running, JobTransition.ConfirmAbort, Worker);
        Assert.False((await Store.TransitionAsync(running, JobTransition.Complete, Worker)).Applied);
        var aborted = await JobAsync(running);
        Assert.Equal(JobState.Aborted, aborted.State);
        Assert.False(aborted.AbortRequested);
        Assert.Null(aborted.WorkerId);
    }

    [Fact]
    public async Task Retry_requeues_a_dead_letter_with_a_fresh_budget()
    {
        var id = await EnqueueOneAsync("k1");
        for (var i = 0; i <= Policy.MaxRetries; i++)
        {
            Clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(id, await LeaseOneAsync());
            await ApplyAsync(id, JobTransition.RetryLater, Worker);
        }
        Assert.Equal(JobState.DeadLetter, (await JobAsync(id)).State);

        await ApplyAsync(id, JobTransition.Retry);

        var job = await JobAsync(id);
        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal(0, job.Retries);
        Assert.Equal(id, await LeaseOneAsync());
        Assert.Equal(Policy.MaxRetries + 2, (await JobAsync(id)).Attempts);
    }

    [Fact]
    public async Task Queries_filter_by_state_worker_file_and_plugin_and_count_every_state()
    {
        await Store.EnqueueAsync([Job("a", "s1", "evtx"), Job("b", "s1", "csv"), Job("c", "s2", "evtx"), Job("d", "s3", "jsonl")]);
        var leased = await Store.LeaseAsync(Worker, 2, Lease);
        await ApplyAsync(leased[0].Id, JobTransition.Accept, Worker);

        Assert.Equal(2, await Store.CountJobsAsync(new JobQuery(WorkerId: Worker)));
        Assert.Equal(2, await Store.CountJobsAsync(new JobQuery(SourceHash: "s1")));
        Assert.Equal(2, await Store.CountJobsAsync(new JobQuery(Plugin: "evtx")));
        Assert.Equal(1, await Store.CountJobsAsync(new JobQuery(State: JobState.Running, WorkerId: Worker)));
        Assert.Equal(["c", "d"], (await Store.QueryJobsAsync(new JobQuery(State: JobState.Queued), 10)).Select(j => j.MaterializationKey));
        Assert.Equal(["a"], (await Store.QueryJobsAsync(JobQuery.All, 1)).Select(j => j.MaterializationKey));
        var byState = await Store.CountByStateAsync();
        Assert.Equal(Enum.GetValues<JobState>().Length, byState.Count);
        Assert.Equal((2L, 1L, 1L, 0L), (byState[JobState.Queued], byState[JobState.Dispatched], byState[JobState.Running], byState[JobState.DeadLetter]));
    }
}
