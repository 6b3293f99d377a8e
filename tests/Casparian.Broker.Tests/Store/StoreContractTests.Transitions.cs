using Casparian.Broker.Store;

namespace Casparian.Broker.Tests.Store;

public abstract partial class StoreContractTests
{
    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public async Task Every_allowed_transition_is_applied(JobTransition kind, JobState from)
    {
        var id = await JobInStateAsync(from);
        var held = from is JobState.Dispatched or JobState.Running;

        var result = await Store.TransitionAsync(id, kind, held ? Worker : null);

        var rule = JobTransitions.Rule(kind);
        var expected = rule.To ?? from;
        Assert.True(result.Applied);
        Assert.Equal(expected, result.State);
        var job = await JobAsync(id);
        Assert.Equal(expected, job.State);
        Assert.Equal(rule.ReleasesWorker ? null : held ? Worker : null, job.WorkerId);
    }

    [Theory]
    [MemberData(nameof(RefusedPairs))]
    public async Task Every_disallowed_transition_is_refused_and_changes_nothing(JobTransition kind, JobState from)
    {
        var id = await JobInStateAsync(from);
        var before = await JobAsync(id);

        var result = await Store.TransitionAsync(id, kind, reason: "should not stick");

        Assert.False(result.Applied);
        Assert.Equal(from, result.State);
        Assert.Equal(before, await JobAsync(id));
    }

    [Fact]
    public async Task A_transition_naming_another_worker_is_refused()
    {
        var id = await JobInStateAsync(JobState.Running);

        var result = await Store.TransitionAsync(id, JobTransition.Complete, "worker-2");

        Assert.False(result.Applied);
        Assert.Equal(JobState.Running, (await JobAsync(id)).State);
    }

    [Fact]
    public async Task A_transition_of_an_unknown_job_is_refused_with_no_state()
    {
        var result = await Store.TransitionAsync(424242, JobTransition.Complete);

        Assert.False(result.Applied);
        Assert.Null(result.State);
    }

    [Fact]
    public async Task A_batch_applies_requests_for_the_same_job_in_order()
    {
        var id = await JobInStateAsync(JobState.Dispatched);
        var other = await EnqueueOneAsync("k2");

        var results = await Store.TransitionAsync(
        [
            new TransitionRequest(id, JobTransition.Accept, Worker),
            new TransitionRequest(other, JobTransition.Cancel),
            new TransitionRequest(id, JobTransition.Complete, Worker),
            new TransitionRequest(id, JobTransition.Complete, Worker),
        ]);

        Assert.Equal([true, true, true, false], results.Select(r => r.Applied));
        Assert.Equal([JobState.Running, JobState.Aborted, JobState.Completed, JobState.Completed], results.Select(r => r.State));
        Assert.Equal(JobState.Completed, (await JobAsync(id)).State);
    }

    [Fact]
    public async Task Lease_is_refused_through_TransitionAsync()
    {
        var id = await EnqueueOneAsync("k1");

        await Assert.ThrowsAsync<ArgumentException>(() => Store.TransitionAsync(id, JobTransition.Lease));
    }
}
