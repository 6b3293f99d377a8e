namespace Casparian.Broker.Store;

/// <summary>
/// The job queue, in job-queue terms. Every state change is a compare-and-set following <see cref="JobTransitions.Table"/>;
/// batched calls apply atomically per job, never partially to one job.
/// </summary>
public interface IJobStore
{
    /// <summary>Creates jobs; a request whose materialization key already has a job is counted as a duplicate and ignored.</summary>
    Task<EnqueueResult> EnqueueAsync(IReadOnlyList<EnqueueRequest> jobs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases up to <paramref name="max"/> Queued jobs whose not-before time has passed to <paramref name="workerId"/>,
    /// highest priority first, then oldest. A job is never leased to two callers at once.
    /// </summary>
    Task<IReadOnlyList<JobRecord>> LeaseAsync(string workerId, int max, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Applies transitions; each is refused unless the job is in one of its rule's source states.</summary>
    Task<IReadOnlyList<TransitionResult>> TransitionAsync(IReadOnlyList<TransitionRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>Heartbeat: extends the leases of every job the worker holds; returns how many.</summary>
    Task<int> ExtendLeasesAsync(string workerId, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Applies <see cref="JobTransition.WorkerLost"/> to every job the worker holds (poison rule included).</summary>
    Task<IReadOnlyList<TransitionResult>> RequeueWorkerAsync(string workerId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Applies <see cref="JobTransition.WorkerLost"/> to every held job whose lease has expired.</summary>
    Task<IReadOnlyList<TransitionResult>> RequeueExpiredLeasesAsync(CancellationToken cancellationToken = default);

    /// <summary>One job, or null.</summary>
    Task<JobRecord?> GetJobAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>Jobs matching <paramref name="query"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<JobRecord>> QueryJobsAsync(JobQuery query, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many jobs match <paramref name="query"/>.</summary>
    Task<long> CountJobsAsync(JobQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many jobs are in each state (every state present, zero when empty).</summary>
    Task<IReadOnlyDictionary<JobState, long>> CountByStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Totals of the retry, rejection, worker-loss and poison counters.</summary>
    Task<QueueCounters> CountersAsync(CancellationToken cancellationToken = default);
}
