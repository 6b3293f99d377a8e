using System.Collections.Frozen;

namespace Casparian.Broker.Store;

/// <summary>
/// THE table of allowed job transitions (DESIGN §4). Both store adapters generate their compare-and-set SQL from it, and
/// the contract tests enumerate it, so a change here is a change everywhere.
/// </summary>
public static class JobTransitions
{
    private static readonly JobState[] Held = [JobState.Dispatched, JobState.Running];

    /// <summary>Every rule, one per <see cref="JobTransition"/>.</summary>
    public static readonly FrozenDictionary<JobTransition, TransitionRule> Table = new TransitionRule[]
    {
        new(JobTransition.Lease, [JobState.Queued], JobState.Dispatched, Escalation.None, JobCounter.None, ReleasesWorker: false),
        new(JobTransition.Accept, [JobState.Dispatched], JobState.Running, Escalation.None, JobCounter.None, ReleasesWorker: false),
        // A fast job may conclude before its ACCEPT is processed, so Complete and Fail also start from Dispatched.
        new(JobTransition.Complete, Held, JobState.Completed, Escalation.None, JobCounter.None, ReleasesWorker: true),
        new(JobTransition.Fail, Held, JobState.Failed, Escalation.None, JobCounter.None, ReleasesWorker: true),
        new(JobTransition.RetryLater, Held, JobState.Queued, Escalation.RetryBudget, JobCounter.Retries, ReleasesWorker: true),
        // A worker rejects a job it was offered but never started.
        new(JobTransition.Reject, [JobState.Dispatched], JobState.Queued, Escalation.None, JobCounter.Rejections, ReleasesWorker: true),
        new(JobTransition.WorkerLost, Held, JobState.Queued, Escalation.PoisonInput, JobCounter.WorkerLosses, ReleasesWorker: true),
        new(JobTransition.Cancel, [JobState.Queued], JobState.Aborted, Escalation.None, JobCounter.None, ReleasesWorker: true),
        new(JobTransition.RequestAbort, Held, null, Escalation.None, JobCounter.None, ReleasesWorker: false),
        new(JobTransition.ConfirmAbort, Held, JobState.Aborted, Escalation.None, JobCounter.None, ReleasesWorker: true),
        new(JobTransition.DeadLetter, [JobState.Queued, JobState.Dispatched, JobState.Running, JobState.Failed], JobState.DeadLetter,
            Escalation.None, JobCounter.None, ReleasesWorker: true),
        new(JobTransition.Retry, [JobState.Failed, JobState.Aborted, JobState.DeadLetter], JobState.Queued, Escalation.None,
            JobCounter.None, ReleasesWorker: true),
    }.ToFrozenDictionary(r => r.Kind);

    /// <summary>The rule of <paramref name="kind"/>.</summary>
    public static TransitionRule Rule(JobTransition kind) =>
        Table.TryGetValue(kind, out var rule)
            ? rule
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a job transition; see JobTransitions.Table");

    /// <summary>True when the job is in a state no worker will touch again without an operator.</summary>
    public static bool IsFinal(JobState state) => state is JobState.Completed or JobState.Failed or JobState.Aborted or JobState.DeadLetter;
}
