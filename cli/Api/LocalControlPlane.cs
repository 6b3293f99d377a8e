using Casparian.Broker.Api;
using Casparian.Broker.Store;

namespace Casparian.Cli.Api;

/// <summary>
/// The control plane of a unified-mode project when no Sentinel is running (after <c>casparian run</c> ended): the
/// project's DuckDB store, opened by this process alone. DuckDB admits one process per file, so while this is open no
/// Sentinel can be writing the same store: the single-writer rule of DESIGN §1 holds. The answers and refusals are the
/// control API's (404 for an unknown job, 409 for a transition the job's state does not allow).
/// </summary>
public sealed class LocalControlPlane(IStateStore store, string storePath) : IControlPlane
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public string Describe => $"local store {storePath} (no Sentinel running; `casparian run` continues any queued job)";

    public async Task<JobPage> ListJobsAsync(JobFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        JobState? state = null;
        if (filter.State is { } text)
        {
            state = JobStateNames.TryParse(text, out var parsed)
                ? parsed
                : throw new SentinelApiException(400, null, $"--state '{text}' is not a job state; use one of: {JobStateNames.All}");
        }
        var limit = filter.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            throw new SentinelApiException(400, null, $"--limit {limit} is outside 1..{MaxLimit}");
        }
        var query = new JobQuery(state, filter.Worker, filter.SourceHash, filter.Plugin);
        var rows = await store.QueryJobsAsync(query with { AfterId = filter.Cursor }, limit + 1, cancellationToken).ConfigureAwait(false);
        var total = await store.CountJobsAsync(query, cancellationToken).ConfigureAwait(false);
        var page = rows.Take(limit).Select(JobView.From).ToList();
        return new JobPage(page, total, rows.Count > limit ? page[^1].Id : null);
    }

    public async Task<JobView> GetJobAsync(long id, CancellationToken cancellationToken = default) =>
        await store.GetJobAsync(id, cancellationToken).ConfigureAwait(false) is { } job ? JobView.From(job) : throw NotFound(id);

    public async Task<JobActionResult> CancelJobAsync(long id, CancellationToken cancellationToken = default)
    {
        var result = (await store.CancelAsync([id], "cancelled from the command line", cancellationToken).ConfigureAwait(false))[0];
        var after = result.State ?? throw NotFound(id);
        if (!result.Applied)
        {
            throw new SentinelApiException(409, null, $"job {id} is {JobStateNames.Format(after)}; only queued, dispatched or running jobs can be cancelled");
        }
        return new JobActionResult(id, JobStateNames.Format(after), AbortRequested: after != JobState.Aborted);
    }

    public async Task<JobActionResult> RetryJobAsync(long id, CancellationToken cancellationToken = default)
    {
        var result = await store.TransitionAsync(id, JobTransition.Retry, reason: "retried from the command line", cancellationToken: cancellationToken).ConfigureAwait(false);
        var after = result.State ?? throw NotFound(id);
        return result.Applied
            ? new JobActionResult(id, JobStateNames.Format(after), AbortRequested: false)
            : throw new SentinelApiException(409, null, $"job {id} is {JobStateNames.Format(after)}; only failed, aborted or dead_letter jobs can be retried");
    }

    public Task<WorkerList> WorkersAsync(CancellationToken cancellationToken = default) => Task.FromResult(new WorkerList([]));

    public async Task<QueueView> QueueAsync(CancellationToken cancellationToken = default)
    {
        var depth = await store.CountByStateAsync(cancellationToken).ConfigureAwait(false);
        var counters = await store.CountersAsync(cancellationToken).ConfigureAwait(false);
        return new QueueView(depth.ToDictionary(kv => JobStateNames.Format(kv.Key), kv => kv.Value), DateTimeOffset.UtcNow,
            counters.Retries, counters.Rejections, counters.WorkerLosses, counters.PoisonInputs);
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();

    private static SentinelApiException NotFound(long id) => new(404, null, $"no job {id}");
}
