using Casparian.Broker.Store.Catalog;

namespace Casparian.Broker.Store.Sql;

/// <summary>
/// What both SQL adapters share: the catalog, the read-side queries, and the requeues built from queries plus
/// <see cref="IJobStore.TransitionAsync"/>. Adapters supply the writes (enqueue, lease, transition, heartbeat) and
/// their own disposal.
/// </summary>
public abstract class SqlStateStore : IStateStore
{
    private readonly SqlCatalog _catalog;

    private protected SqlStateStore(ISqlSession session, TimeProvider time, int schemaVersion, IFileRecorder? files = null)
    {
        Time = time;
        SchemaVersion = schemaVersion;
        Queries = new SqlJobQueries(session);
        _catalog = new SqlCatalog(session, time, files);
    }

    /// <inheritdoc />
    public int SchemaVersion { get; }

    /// <inheritdoc />
    public ICatalogStore Catalog => _catalog;

    private protected SqlJobQueries Queries { get; }

    private protected TimeProvider Time { get; }

    private protected long NowUs => Microseconds.From(Time.GetUtcNow());

    /// <inheritdoc />
    public abstract Task<EnqueueResult> EnqueueAsync(IReadOnlyList<EnqueueRequest> jobs, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<JobRecord>> LeaseAsync(string workerId, int max, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<TransitionResult>> TransitionAsync(IReadOnlyList<TransitionRequest> requests, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<int> ExtendLeasesAsync(string workerId, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TransitionResult>> RequeueWorkerAsync(string workerId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        var held = await Queries.HeldByAsync(workerId, cancellationToken).ConfigureAwait(false);
        return await TransitionAsync([.. held.Select(id => new TransitionRequest(id, JobTransition.WorkerLost, workerId, reason))],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TransitionResult>> RequeueExpiredLeasesAsync(CancellationToken cancellationToken = default)
    {
        var expired = await Queries.ExpiredAsync(NowUs, cancellationToken).ConfigureAwait(false);
        return await TransitionAsync([.. expired.Select(id => new TransitionRequest(id, JobTransition.WorkerLost, Reason: "lease expired"))],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<JobRecord?> GetJobAsync(long jobId, CancellationToken cancellationToken = default) => Queries.GetJobAsync(jobId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<JobRecord>> QueryJobsAsync(JobQuery query, int limit, CancellationToken cancellationToken = default) =>
        Queries.QueryJobsAsync(query, limit, cancellationToken);

    /// <inheritdoc />
    public Task<long> CountJobsAsync(JobQuery query, CancellationToken cancellationToken = default) => Queries.CountJobsAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<JobState, long>> CountByStateAsync(CancellationToken cancellationToken = default) =>
        Queries.CountByStateAsync(cancellationToken);

    /// <inheritdoc />
    public Task<QueueCounters> CountersAsync(CancellationToken cancellationToken = default) => Queries.CountersAsync(cancellationToken);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}
