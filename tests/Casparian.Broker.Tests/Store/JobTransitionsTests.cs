using Casparian.Broker.Store;

namespace Casparian.Broker.Tests.Store;

/// <summary>Properties of the one transition table that the dispatcher and operators rely on.</summary>
public sealed class JobTransitionsTests
{
    [Fact]
    public void Every_transition_has_exactly_one_rule()
    {
        Assert.Equal(Enum.GetValues<JobTransition>().Order(), JobTransitions.Table.Keys.Order());
        Assert.All(JobTransitions.Table, pair => Assert.Equal(pair.Key, pair.Value.Kind));
    }

    [Fact]
    public void Completed_is_terminal_even_for_operators()
    {
        Assert.DoesNotContain(JobTransitions.Table.Values, rule => rule.Allows(JobState.Completed));
    }

    [Fact]
    public void Only_a_lease_hands_a_job_to_a_worker()
    {
        var toDispatched = JobTransitions.Table.Values.Where(r => r.To == JobState.Dispatched).Select(r => r.Kind);
        Assert.Equal([JobTransition.Lease], toDispatched);
    }

    [Fact]
    public void Every_way_back_to_the_queue_releases_the_worker()
    {
        Assert.All(JobTransitions.Table.Values.Where(r => r.To == JobState.Queued), rule => Assert.True(rule.ReleasesWorker, rule.Kind.ToString()));
    }

    [Fact]
    public void A_rejection_never_spends_the_retry_budget()
    {
        var reject = JobTransitions.Rule(JobTransition.Reject);
        Assert.Equal(JobCounter.Rejections, reject.Counter);
        Assert.Equal(Escalation.None, reject.Escalation);
    }

    [Fact]
    public void Backoff_doubles_per_retry_up_to_the_cap()
    {
        var policy = new StorePolicy { RetryBackoff = TimeSpan.FromSeconds(5), MaxRetryBackoff = TimeSpan.FromSeconds(30) };

        Assert.Equal([5, 10, 20, 30, 30], Enumerable.Range(1, 5).Select(n => policy.BackoffFor(n).TotalSeconds));
    }
}
