namespace Casparian.Broker.Store;

/// <summary>A compare-and-set transition of one job.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Kind">The transition; its source states come from <see cref="JobTransitions.Table"/>.</param>
/// <param name="WorkerId">When set, the job must also be held by this worker (a late message of a lost worker is refused).</param>
/// <param name="Reason">Why (error text, dead-letter reason); kept on the job.</param>
public sealed record TransitionRequest(long JobId, JobTransition Kind, string? WorkerId = null, string? Reason = null);

/// <summary>The outcome of one <see cref="TransitionRequest"/>.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Applied">False when the job was not in an allowed state (or held by another worker, or unknown).</param>
/// <param name="State">The job's state afterwards (its unchanged state when refused; null for an unknown job).</param>
public sealed record TransitionResult(long JobId, bool Applied, JobState? State);
