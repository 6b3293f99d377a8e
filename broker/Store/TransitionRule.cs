namespace Casparian.Broker.Store;

/// <summary>
/// One row of the transition table: the compare-and-set source states, the target (null when the state stays and only a
/// flag changes), the counter it increments and whether the job leaves its worker.
/// </summary>
/// <param name="Kind">The transition.</param>
/// <param name="From">The states the job must be in; anything else is refused.</param>
/// <param name="To">The target state, or null when the state does not change.</param>
/// <param name="Escalation">When the job goes to DeadLetter instead of <paramref name="To"/>.</param>
/// <param name="Counter">The per-job counter incremented.</param>
/// <param name="ReleasesWorker">True when the job is no longer held by a worker afterwards.</param>
public sealed record TransitionRule(
    JobTransition Kind,
    IReadOnlyList<JobState> From,
    JobState? To,
    Escalation Escalation,
    JobCounter Counter,
    bool ReleasesWorker)
{
    /// <summary>True when <paramref name="state"/> is one of the allowed source states.</summary>
    public bool Allows(JobState state) => From.Contains(state);
}
