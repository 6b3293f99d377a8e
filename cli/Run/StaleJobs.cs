using Casparian.Broker.Store;

namespace Casparian.Cli.Run;

/// <summary>
/// Jobs an earlier unified run left with its workers. A unified-mode store has no other live workers, so whatever is
/// Dispatched or Running belongs to a run that was killed: it goes back to Queued at once instead of after its lease.
/// </summary>
internal static class StaleJobs
{
    /// <summary>The most held jobs looked at per state; unified mode never holds more than its worker count.</summary>
    public const int MaxHeld = 100_000;

    /// <summary>Requeues every held job; returns their ids.</summary>
    public static async Task<IReadOnlyList<long>> RequeueAsync(IStateStore store, CancellationToken cancellationToken)
    {
        var held = new List<long>();
        foreach (var state in new[] { JobState.Dispatched, JobState.Running })
        {
            var jobs = await store.QueryJobsAsync(new JobQuery(State: state), MaxHeld, cancellationToken).ConfigureAwait(false);
            held.AddRange(jobs.Select(j => j.Id));
        }
        if (held.Count == 0)
        {
            return [];
        }
        var results = await store.TransitionAsync(
            [.. held.Select(id => new TransitionRequest(id, JobTransition.WorkerLost, Reason: "requeued: the run holding it ended"))],
            cancellationToken).ConfigureAwait(false);
        return [.. results.Where(r => r.Applied).Select(r => r.JobId)];
    }
}
