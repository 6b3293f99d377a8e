using Casparian.Broker.Api;

namespace Casparian.Cli.Top;

/// <summary>One refresh of <c>casparian top</c>: what the Sentinel said, and the throughput since the previous refresh.</summary>
/// <param name="Sentinel">The Sentinel's address, for the header.</param>
/// <param name="At">When it was taken.</param>
/// <param name="Workers">The connected workers.</param>
/// <param name="Queue">Jobs per state and the queue counters.</param>
/// <param name="Stats">This Sentinel's counters and latency percentiles.</param>
/// <param name="RecentFailures">The newest failed jobs, newest first.</param>
/// <param name="JobsPerSecond">Jobs finished per second since the previous sample (null for the first).</param>
internal sealed record TopSample(Uri Sentinel, DateTimeOffset At, WorkerList Workers, QueueView Queue, StatsView Stats,
    IReadOnlyList<JobView> RecentFailures, double? JobsPerSecond);
