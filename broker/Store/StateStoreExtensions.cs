namespace Casparian.Broker.Store;

/// <summary>Conveniences over <see cref="IJobStore"/> built only from its port methods.</summary>
public static class StateStoreExtensions
{
    /// <summary>Applies one transition.</summary>
    public static async Task<TransitionResult> TransitionAsync(this IJobStore store, long jobId, JobTransition kind,
        string? workerId = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var results = await store.TransitionAsync([new TransitionRequest(jobId, kind, workerId, reason)], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>
    /// Cancels jobs: Queued ones become Aborted at once; Dispatched/Running ones are flagged and returned with
    /// <see cref="TransitionResult.Applied"/> true and their current state, meaning "send ABORT to the worker".
    /// </summary>
    public static async Task<IReadOnlyList<TransitionResult>> CancelAsync(this IJobStore store, IReadOnlyList<long> jobIds,
        string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(jobIds);
        var first = await store.TransitionAsync([.. jobIds.Select(id => new TransitionRequest(id, JobTransition.Cancel, Reason: reason))],
            cancellationToken).ConfigureAwait(false);
        var held = first.Where(r => !r.Applied && r.State is JobState.Dispatched or JobState.Running).Select(r => r.JobId).ToList();
        if (held.Count == 0)
        {
            return first;
        }
        var second = await store.TransitionAsync([.. held.Select(id => new TransitionRequest(id, JobTransition.RequestAbort, Reason: reason))],
            cancellationToken).ConfigureAwait(false);
        var byId = second.ToDictionary(r => r.JobId);
        return [.. first.Select(r => byId.TryGetValue(r.JobId, out var s) ? s : r)];
    }
}
