using Casparian.Broker.Api;
using Casparian.Cli.Api;

namespace Casparian.Cli.Top;

/// <summary>
/// Takes successive samples for <c>casparian top</c>; throughput is the change in finished jobs (completed, failed,
/// aborted, dead-lettered) between two samples of /api/v1/queue over the time between them.
/// </summary>
internal sealed class TopSampler(SentinelClient client, TimeProvider time)
{
    /// <summary>Failed jobs fetched to find the newest ones (the API pages oldest first).</summary>
    private const int FailurePage = 1000;

    private (DateTimeOffset At, long Finished)? _previous;

    public async Task<TopSample> SampleAsync(CancellationToken cancellationToken)
    {
        var workers = client.WorkersAsync(cancellationToken);
        var queue = client.QueueAsync(cancellationToken);
        var stats = client.StatsAsync(cancellationToken);
        var failed = client.ListJobsAsync(new JobFilter(State: JobStateNames.Format(Broker.Store.JobState.Failed), Limit: FailurePage), cancellationToken);
        await Task.WhenAll(workers, queue, stats, failed).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var finished = Finished(queue.Result);
        double? rate = null;
        if (_previous is { } previous && now > previous.At)
        {
            rate = Math.Max(0, finished - previous.Finished) / (now - previous.At).TotalSeconds;
        }
        _previous = (now, finished);
        var recent = failed.Result.Jobs.OrderByDescending(j => j.Id).ToList();
        return new TopSample(client.BaseUrl, now, workers.Result, queue.Result, stats.Result, recent, rate);
    }

    private static long Finished(QueueView queue) =>
        new[] { "completed", "failed", "aborted", "dead_letter" }.Sum(s => queue.States.GetValueOrDefault(s));
}
