namespace Casparian.Broker.Store;

/// <summary>A compare-and-set transition of one job.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Kind">The transition; its source states come from <see cref="JobTransitions.Table"/>.</param>
/// <param name="WorkerId">When set, the job must also be held by this worker (a late message of a lost worker is refused).</param>
/// <param name="Reason">Why (error text, dead-letter reason); kept on the job.</param>
/// <param name="Materializations">
/// For <see cref="JobTransition.Complete"/>: the outputs the job committed. They are recorded in the same transaction as
/// the state change and only if it applies, so a duplicate or late receipt can never add a second materialization.
/// </param>
public sealed record TransitionRequest(long JobId, JobTransition Kind, string? WorkerId = null, string? Reason = null,
    IReadOnlyList<Catalog.Materialization>? Materializations = null)
{
    /// <summary>The materializations to record if this request applies.</summary>
    internal IEnumerable<Catalog.Materialization> MaterializationsIfComplete =>
        Kind == JobTransition.Complete && Materializations is not null ? Materializations : [];
}

/// <summary>The outcome of one <see cref="TransitionRequest"/>.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Applied">False when the job was not in an allowed state (or held by another worker, or unknown).</param>
/// <param name="State">The job's state afterwards (its unchanged state when refused; null for an unknown job).</param>
public sealed record TransitionResult(long JobId, bool Applied, JobState? State);
