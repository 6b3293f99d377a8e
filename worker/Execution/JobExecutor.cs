using Casparian.Protocol.Messages;

namespace Casparian.Worker.Execution;

/// <summary>
/// Runs one job under a linked cancellation (its own ABORT, the service's abort-in-flight token and the wall-time
/// limit) and turns every ending into a CONCLUDE receipt: nothing a runtime does can escape as an exception.
/// </summary>
public sealed class JobExecutor
{
    private readonly IReadOnlyDictionary<string, IPluginRuntime> _runtimes;
    private readonly TimeProvider _time;
    private readonly TimeSpan _defaultWallTime;

    public JobExecutor(IEnumerable<IPluginRuntime> runtimes, TimeSpan defaultWallTime, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(runtimes);
        _runtimes = runtimes.ToDictionary(r => r.Kind, StringComparer.Ordinal);
        _defaultWallTime = defaultWallTime;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The runtime kinds this executor can run, for IDENTIFY.</summary>
    public IReadOnlyCollection<string> RuntimeKinds => _runtimes.Keys.ToArray();

    /// <summary>
    /// Runs <paramref name="job"/>. <paramref name="abort"/> is the job's own ABORT; <paramref name="abortInFlight"/> is
    /// the service's second shutdown token (abort work in flight).
    /// </summary>
    public async Task<ConcludeMessage> RunAsync(JobContext job, CancellationToken abort, CancellationToken abortInFlight)
    {
        ArgumentNullException.ThrowIfNull(job);
        var started = _time.GetUtcNow();
        if (!_runtimes.TryGetValue(job.Dispatch.Plugin.RuntimeKind, out var runtime))
        {
            return Failed(job, started, FailureKind.Permanent, "runtime.unsupported",
                $"this worker has no runtime '{job.Dispatch.Plugin.RuntimeKind}' (it has: {string.Join(", ", _runtimes.Keys)}); route the plugin to workers that announce it");
        }

        var wallTime = job.Dispatch.Limits.WallTimeMs > 0 ? TimeSpan.FromMilliseconds(job.Dispatch.Limits.WallTimeMs) : _defaultWallTime;
        using var wallClock = new CancellationTokenSource(wallTime, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(abort, abortInFlight, wallClock.Token);
        try
        {
            var outcome = await runtime.RunAsync(job, linked.Token).ConfigureAwait(false);
            // A runtime that finished despite a late cancellation still must not report success after ABORT.
            if (abort.IsCancellationRequested || abortInFlight.IsCancellationRequested)
            {
                return Aborted(job, started, abort.IsCancellationRequested ? "job.aborted" : "worker.shutdown");
            }
            return new ConcludeMessage
            {
                Attempt = job.Attempt,
                Status = ConcludeStatus.Completed,
                SourceHash = outcome.SourceHash,
                Outputs = outcome.Outputs,
                StartedAt = started,
                FinishedAt = _time.GetUtcNow(),
            };
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            if (abort.IsCancellationRequested)
            {
                return Aborted(job, started, "job.aborted");
            }
            if (abortInFlight.IsCancellationRequested)
            {
                return Aborted(job, started, "worker.shutdown");
            }
            return Failed(job, started, FailureKind.Permanent, "limit.wall_time",
                $"the plugin ran longer than its wall-time limit of {wallTime.TotalSeconds:0.###} s; raise limits.wall_time_ms or split the input");
        }
        catch (JobFailedException ex)
        {
            return Failed(job, started, ex.Kind, ex.Code, ex.Message);
        }
#pragma warning disable CA1031 // The receipt is the one place a runtime's unexpected failure is reported; it must not kill the worker.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Failed(job, started, FailureKind.Crash, "runtime.crash", $"{runtime.Kind} runtime crashed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private ConcludeMessage Aborted(JobContext job, DateTimeOffset started, string code) => new()
    {
        Attempt = job.Attempt,
        Status = ConcludeStatus.Aborted,
        StartedAt = started,
        FinishedAt = _time.GetUtcNow(),
        Error = new JobError { Kind = FailureKind.Transient, Code = code, Message = "stopped before anything was committed" },
    };

    private ConcludeMessage Failed(JobContext job, DateTimeOffset started, string kind, string code, string message) => new()
    {
        Attempt = job.Attempt,
        Status = ConcludeStatus.Failed,
        StartedAt = started,
        FinishedAt = _time.GetUtcNow(),
        Error = new JobError { Kind = kind, Code = code, Message = message },
    };
}
