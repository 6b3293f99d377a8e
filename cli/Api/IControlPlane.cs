using Casparian.Broker.Api;

namespace Casparian.Cli.Api;

/// <summary>
/// What the job and status commands ask of the control plane: a running Sentinel's HTTP API
/// (<see cref="SentinelClient"/>), or, when no Sentinel is running, the project's own store (<see cref="LocalControlPlane"/>).
/// Failures come back as <see cref="SentinelApiException"/> either way.
/// </summary>
public interface IControlPlane : IAsyncDisposable
{
    /// <summary>Where the answers come from, for the first line of <c>casparian status</c>.</summary>
    string Describe { get; }

    Task<JobPage> ListJobsAsync(JobFilter filter, CancellationToken cancellationToken = default);

    Task<JobView> GetJobAsync(long id, CancellationToken cancellationToken = default);

    Task<JobActionResult> CancelJobAsync(long id, CancellationToken cancellationToken = default);

    Task<JobActionResult> RetryJobAsync(long id, CancellationToken cancellationToken = default);

    Task<WorkerList> WorkersAsync(CancellationToken cancellationToken = default);

    Task<QueueView> QueueAsync(CancellationToken cancellationToken = default);
}
