using System.Collections.Concurrent;
using Casparian.Native.ZeroMq;
using Casparian.Protocol.Messages;
using Casparian.Worker.Execution;
using Casparian.Worker.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Casparian.Worker.Service;

/// <summary>
/// The headless worker: connects its DEALER to the Sentinel (libzmq reconnects with backoff), identifies, heartbeats,
/// runs up to <see cref="WorkerOptions.Capacity"/> jobs at once and returns a receipt for each. A DISPATCH beyond
/// capacity is rejected (the job is requeued without spending its retry budget). On stop it sends BYE, takes no new
/// work and lets running jobs finish until the drain timeout, then aborts them.
/// </summary>
public sealed partial class WorkerService : BackgroundService
{
    private readonly WorkerOptions _options;
    private readonly JobExecutor _executor;
    private readonly IReadOnlyList<string> _plugins;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<ulong, RunningJob> _running = new();
    private readonly CancellationTokenSource _abortInFlight = new();
    private readonly SemaphoreSlim _slots;
    private readonly TaskCompletionSource _identified = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DealerEndpoint? _dealer;
    private ZmqContext? _context;
    private long _lastHeardTicks;
    private volatile bool _draining;

    private sealed class RunningJob(CancellationTokenSource abort, Task completion, int attempt)
    {
        public CancellationTokenSource Abort { get; } = abort;

        public Task Completion { get; } = completion;

        public int Attempt { get; } = attempt;

        /// <summary>1 once ACCEPT was sent; set with Interlocked so it goes out at most once.</summary>
        public int Accepted;

        /// <summary>1 once it holds a slot (a prefetched job waits without one and is not yet Running).</summary>
        public int Started;
    }

    public WorkerService(WorkerOptions options, JobExecutor executor, IReadOnlyList<string> plugins, ILoggerFactory loggers, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _executor = executor ?? throw new ArgumentNullException(nameof(executor));
        _plugins = plugins ?? [];
        _loggers = loggers ?? throw new ArgumentNullException(nameof(loggers));
        _logger = loggers.CreateLogger("Casparian.Worker");
        _time = time ?? TimeProvider.System;
        Metrics = new WorkerMetrics(() => _running.Count, scope: options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Prefetch, nameof(options));
        _slots = new SemaphoreSlim(options.Capacity, options.Capacity);
    }

    /// <summary>Jobs it holds at most: running ones and prefetched ones waiting for a slot.</summary>
    private int Admits => _options.Capacity + _options.Prefetch;

    /// <summary>The worker's instruments.</summary>
    public WorkerMetrics Metrics { get; }

    /// <summary>Completes when the Sentinel first answered the IDENTIFY.</summary>
    public Task Identified => _identified.Task;

    /// <summary>Jobs running now.</summary>
    public int RunningCount => _running.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _context = new ZmqContext();
        _dealer = new DealerEndpoint(_context, new DealerOptions
        {
            Connect = _options.Connect,
            WorkerId = _options.WorkerId,
            CurveServerKey = _options.CurveServerKey,
        }, _loggers.CreateLogger("Casparian.Worker.Dealer"));
        await _dealer.StartedAsync().ConfigureAwait(false);
        LogConnecting(_logger, _options.WorkerId, _options.Connect, _options.Capacity);
        Identify();

        using var heartbeats = new CancellationTokenSource();
        var heartbeatLoop = HeartbeatLoopAsync(heartbeats.Token);
        try
        {
            await foreach (var message in _dealer.Inbound.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                Interlocked.Exchange(ref _lastHeardTicks, _time.GetUtcNow().UtcTicks);
                Handle(message.JobId, message.Message);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stop taking work; drain below.
        }

        _draining = true;
        _dealer.Send(new ByeMessage { Reason = "shutting down" });
        LogDraining(_logger, _running.Count);
        await DrainAsync().ConfigureAwait(false);
        await heartbeats.CancelAsync().ConfigureAwait(false);
        await heartbeatLoop.ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's shutdown timeout is the second token: when it fires, work in flight is aborted.
        using var registration = cancellationToken.Register(_abortInFlight.Cancel);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _dealer?.Dispose();
        _context?.Dispose();
    }

    public override void Dispose()
    {
        _dealer?.Dispose();
        _context?.Dispose();
        _abortInFlight.Dispose();
        Metrics.Dispose();
        base.Dispose();
    }

    private void Handle(ulong jobId, WireMessage message)
    {
        switch (message)
        {
            case DispatchMessage dispatch:
                Start(jobId, dispatch);
                break;
            case AbortMessage abort:
                if (_running.TryGetValue(jobId, out var job))
                {
                    LogAbort(_logger, jobId, abort.Reason);
                    job.Abort.Cancel();
                }
                break;
            case HeartbeatMessage:
                _identified.TrySetResult();
                break;
            case ErrMessage { Code: "IdentifyFirst" }:
                Identify();
                break;
            case ErrMessage err:
                LogSentinelError(_logger, err.Code, err.Message);
                break;
            default:
                LogUnexpected(_logger, message.Opcode.ToString());
                break;
        }
    }

    private void Start(ulong jobId, DispatchMessage dispatch)
    {
        if (_running.ContainsKey(jobId))
        {
            return; // already running (re-sent after a Sentinel restart); its receipt will follow
        }
        if (_draining || _running.Count >= Admits)
        {
            _dealer!.Send(new ConcludeMessage
            {
                Attempt = dispatch.Attempt,
                Status = ConcludeStatus.Rejected,
                Error = new JobError { Kind = FailureKind.Transient, Code = "worker.capacity", Message = $"worker {_options.WorkerId} is {(_draining ? "draining" : $"at capacity ({_options.Capacity} running, {_options.Prefetch} queued)")}" },
            }, jobId);
            LogRejected(_logger, jobId, _draining ? "draining" : "at capacity");
            return;
        }
        var abort = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var completion = RunAsync(jobId, dispatch, abort, started.Task);
        _running[jobId] = new RunningJob(abort, completion, dispatch.Attempt);
        started.SetResult();
    }

    private async Task RunAsync(ulong jobId, DispatchMessage dispatch, CancellationTokenSource abort, Task registered)
    {
        await registered.ConfigureAwait(false);
        // Run off the socket-reading loop so one slow job never delays another's messages.
        await Task.Yield();
        var holdsSlot = false;
        try
        {
            holdsSlot = await TakeSlotAsync(jobId, dispatch, abort.Token).ConfigureAwait(false);
            if (!holdsSlot)
            {
                return;
            }
            LogStarted(_logger, jobId, dispatch.Plugin.Name, dispatch.InputPath);
            var startedAt = _time.GetTimestamp();
            var receipt = await _executor.RunAsync(new JobContext(jobId, dispatch), abort.Token, _abortInFlight.Token).ConfigureAwait(false);
            // Counted before the receipt leaves, so whoever sees the receipt also sees it counted.
            Metrics.Record(receipt, _time.GetElapsedTime(startedAt));
            _dealer!.Send(receipt, jobId);
            LogConcluded(_logger, jobId, receipt.Status, receipt.Error?.Code ?? "");
        }
        finally
        {
            _running.TryRemove(jobId, out _);
            if (holdsSlot)
            {
                _slots.Release();
            }
            abort.Dispose();
        }
    }

    /// <summary>
    /// Waits for a run slot (at once unless the job was prefetched). A prefetched job aborted or shut down while it
    /// waits is concluded Aborted here: it never started, so nothing was committed.
    /// </summary>
    private async Task<bool> TakeSlotAsync(ulong jobId, DispatchMessage dispatch, CancellationToken abort)
    {
        if (!_slots.Wait(0))
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(abort, _abortInFlight.Token);
            try
            {
                await _slots.WaitAsync(waiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                var code = abort.IsCancellationRequested ? "job.aborted" : "worker.shutdown";
                _dealer!.Send(new ConcludeMessage
                {
                    Attempt = dispatch.Attempt,
                    Status = ConcludeStatus.Aborted,
                    Error = new JobError { Kind = FailureKind.Transient, Code = code, Message = "stopped while queued, before it started" },
                }, jobId);
                LogConcluded(_logger, jobId, ConcludeStatus.Aborted, code);
                return false;
            }
        }
        if (_running.TryGetValue(jobId, out var job))
        {
            Volatile.Write(ref job.Started, 1);
        }
        return true;
    }

    private async Task DrainAsync()
    {
        var pending = _running.Values.Select(j => j.Completion).ToArray();
        if (pending.Length == 0)
        {
            return;
        }
        var all = Task.WhenAll(pending);
        var finished = await Task.WhenAny(all, Task.Delay(_options.DrainTimeout, _time, _abortInFlight.Token)).ConfigureAwait(false);
        if (finished != all)
        {
            LogDrainTimedOut(_logger, _running.Count);
            await _abortInFlight.CancelAsync().ConfigureAwait(false);
            await all.ConfigureAwait(false);
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var silence = _time.GetUtcNow() - new DateTimeOffset(Interlocked.Read(ref _lastHeardTicks), TimeSpan.Zero);
                if (silence > _options.SentinelSilence && !_draining)
                {
                    // The Sentinel may have restarted and forgotten us: introduce ourselves again.
                    Identify();
                }
                // ACCEPT goes out with the first heartbeat a job is still running at: a job that concludes sooner
                // needs no Running state (Complete and Fail also start from Dispatched), which halves the messages of
                // short jobs.
                foreach (var (jobId, job) in _running)
                {
                    if (Volatile.Read(ref job.Started) == 1 && Interlocked.Exchange(ref job.Accepted, 1) == 0)
                    {
                        _dealer!.Send(new AcceptMessage { Attempt = job.Attempt }, jobId);
                    }
                }
                _dealer!.Send(new HeartbeatMessage
                {
                    RunningJobs = _running.Keys.ToArray(),
                    FreeSlots = _draining ? 0 : Math.Max(0, Admits - _running.Count),
                    SentAtUnixMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Identify()
    {
        Interlocked.Exchange(ref _lastHeardTicks, _time.GetUtcNow().UtcTicks);
        _dealer!.Send(new IdentifyMessage
        {
            WorkerId = _options.WorkerId,
            Version = typeof(WorkerService).Assembly.GetName().Version?.ToString() ?? "0",
            Runtimes = [.. _executor.RuntimeKinds],
            Plugins = _plugins,
            Platform = $"{Environment.OSVersion.Platform}-{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}".ToLowerInvariant(),
            Capacity = _options.Capacity,
            Prefetch = _options.Prefetch,
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} connecting to {Endpoint} with capacity {Capacity}")]
    private static partial void LogConnecting(ILogger logger, string workerId, string endpoint, int capacity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} started: {Plugin} on {Input}")]
    private static partial void LogStarted(ILogger logger, ulong jobId, string plugin, string input);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} concluded {Status} {Code}")]
    private static partial void LogConcluded(ILogger logger, ulong jobId, ConcludeStatus status, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} rejected: {Why}")]
    private static partial void LogRejected(ILogger logger, ulong jobId, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} abort requested: {Reason}")]
    private static partial void LogAbort(ILogger logger, ulong jobId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draining: BYE sent, waiting for {Running} running job(s)")]
    private static partial void LogDraining(ILogger logger, int running);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drain timed out with {Running} job(s) still running; aborting them")]
    private static partial void LogDrainTimedOut(ILogger logger, int running);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sentinel reported an error: {Code}: {Detail}")]
    private static partial void LogSentinelError(ILogger logger, string code, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored an unexpected {Opcode} from the Sentinel")]
    private static partial void LogUnexpected(ILogger logger, string opcode);
}
