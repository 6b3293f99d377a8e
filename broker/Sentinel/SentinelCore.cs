using Casparian.Broker.Store;
using Casparian.Broker.Transport;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Wire;
using Microsoft.Extensions.Logging;

namespace Casparian.Broker.Sentinel;

/// <summary>
/// The Sentinel's single loop: it takes inbound messages in batches, applies their state changes to the store in
/// one round trip per batch, keeps every worker's capacity full with pipelined DISPATCHes, and on each heartbeat tick
/// detects lost workers, extends leases and sends ABORTs. It owns the worker registry, so nothing here is shared.
/// </summary>
public sealed partial class SentinelCore
{
    private readonly IStateStore _store;
    private readonly RouterEndpoint _router;
    private readonly SentinelOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StoreResilience _resilience;
    private readonly HashSet<long> _abortsSent = [];
    private readonly Dictionary<long, string> _pendingAccepts = [];
    private DateTimeOffset _nextTick;
    private long _badFramesReported;
    private bool _requeued;

    /// <summary>Rounds sent to the store and not yet applied: two keep the store busy while the loop works.</summary>
    private const int MaxRoundsInFlight = 2;

    public SentinelCore(IStateStore store, RouterEndpoint router, SentinelOptions options, TimeProvider time, ILogger logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _router = router ?? throw new ArgumentNullException(nameof(router));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _resilience = new StoreResilience(logger);
        Metrics = new SentinelMetrics(() => Snapshot, () => _router.Counters.BadFrames, scope: options);
    }

    /// <summary>The Sentinel's instruments.</summary>
    public SentinelMetrics Metrics { get; }

    /// <summary>The connected workers (read it only from the loop, or after it ended).</summary>
    public WorkerRegistry Workers { get; } = new();

    /// <summary>Jobs concluded as Completed and applied by this Sentinel.</summary>
    public long Completed { get; private set; }

    /// <summary>
    /// Runs until <paramref name="stopTaking"/> fires (no new dispatches; the loop ends), or <paramref name="abort"/>
    /// stops store calls in flight.
    /// </summary>
    public async Task RunAsync(CancellationToken stopTaking, CancellationToken abort)
    {
        _nextTick = _time.GetUtcNow();
        var batch = new List<InboundMessage>(_options.MaxBatch);
        var inbound = _router.Inbound;
        var rounds = new Queue<StoreRound>(MaxRoundsInFlight);
        while (!stopTaking.IsCancellationRequested)
        {
            // Answers first, oldest first: they free slots and requeue jobs that the next round counts on.
            while (rounds.TryPeek(out var answered) && answered.Done.IsCompleted)
            {
                await ApplyAsync(rounds.Dequeue(), abort).ConfigureAwait(false);
            }
            // Jobs just sent back to the queue (rejected, retried) are leased again at once, not at the next tick.
            var untilTick = _nextTick - _time.GetUtcNow();
            var ready = _requeued || untilTick <= TimeSpan.Zero || inbound.TryPeek(out _);
            if (!ready || rounds.Count >= MaxRoundsInFlight)
            {
                await WaitAsync(rounds.Count > 0 ? rounds.Peek().Done : null, ready ? null : untilTick, stopTaking).ConfigureAwait(false);
                continue;
            }
            _requeued = false;

            batch.Clear();
            while (batch.Count < _options.MaxBatch && inbound.TryRead(out var message))
            {
                batch.Add(message);
            }
            var tickDue = _time.GetUtcNow() >= _nextTick;
            if (tickDue || batch.Exists(m => m.Message.Message is IdentifyMessage))
            {
                // A tick and an IDENTIFY read and change what the rounds in flight change: let those land first.
                await DrainAsync(rounds, abort).ConfigureAwait(false);
            }
            if (tickDue)
            {
                _nextTick = _time.GetUtcNow() + _options.HeartbeatInterval;
                await TickAsync(abort).ConfigureAwait(false);
            }
            rounds.Enqueue(await StartRoundAsync(batch, abort).ConfigureAwait(false));
        }
        // Leases already granted are still dispatched, as the store expects.
        await DrainAsync(rounds, abort).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the oldest round is answered, or (when <paramref name="untilTick"/> is given) a message arrives or the
    /// tick is due, or the loop is told to stop.
    /// </summary>
    private async Task WaitAsync(Task? oldestRound, TimeSpan? untilTick, CancellationToken stopTaking)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopTaking);
        var waits = new List<Task>(3) { Task.Delay(Timeout.Infinite, wait.Token) };
        if (oldestRound is not null)
        {
            waits.Add(oldestRound);
        }
        if (untilTick is { } delay)
        {
            wait.CancelAfter(delay);
            waits.Add(_router.Inbound.WaitToReadAsync(wait.Token).AsTask());
        }
        await Task.WhenAny(waits).ConfigureAwait(false);
        await wait.CancelAsync().ConfigureAwait(false);
    }

    private async Task DrainAsync(Queue<StoreRound> rounds, CancellationToken cancellationToken)
    {
        while (rounds.TryDequeue(out var round))
        {
            await ApplyAsync(round, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads a batch of inbound messages and sends their state changes and the refill of every worker's free slots to
    /// the store together: concurrent calls are combined into one transaction by both adapters.
    /// </summary>
    private async Task<StoreRound> StartRoundAsync(List<InboundMessage> batch, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var transitions = new List<TransitionRequest>();
        var identifies = new List<(PeerId Peer, IdentifyMessage Identify)>();
        foreach (var (peer, decoded) in batch)
        {
            Receive(peer, decoded, now, transitions, identifies);
        }
        foreach (var (peer, identify) in identifies)
        {
            await IdentifyAsync(peer, identify, now, cancellationToken).ConfigureAwait(false);
        }
        var applied = transitions.Count == 0
            ? Task.FromResult<IReadOnlyList<TransitionResult>>([])
            : _resilience.RunAsync(ct => _store.TransitionAsync(transitions, ct), cancellationToken);
        var leases = new List<RoundLease>();
        foreach (var worker in Workers.All)
        {
            var free = worker.FreeSlots;
            if (free > 0)
            {
                worker.Requested += free;
                leases.Add(new RoundLease(worker, free, _resilience.RunAsync(ct => _store.LeaseAsync(worker.WorkerId, free, _options.LeaseDuration, ct), cancellationToken)));
            }
        }
        return new StoreRound(transitions, applied, leases);
    }

    /// <summary>Takes one inbound message into account; state changes and IDENTIFYs are collected for the round.</summary>
    private void Receive(PeerId peer, DecodedMessage decoded, DateTimeOffset now, List<TransitionRequest> transitions, List<(PeerId, IdentifyMessage)> identifies)
    {
        var workerId = peer.ToString();
        var jobId = (long)decoded.JobId;
        var known = Workers.TryGet(workerId, out var worker);
        if (known)
        {
            worker!.LastSeen = now;
        }
        switch (decoded.Message)
        {
            case IdentifyMessage identify:
                identifies.Add((peer, identify));
                break;
            case HeartbeatMessage heartbeat when known:
                transitions.AddRange(ReconcileRunning(worker!, heartbeat, now));
                break;
            case HeartbeatMessage:
                // A worker we do not know (e.g. after a Sentinel restart) must identify before it gets work.
                _router.Send(peer, new ErrMessage { Code = SentinelErrors.IdentifyFirst, Message = "unknown worker: send IDENTIFY" });
                break;
            case AcceptMessage:
                Metrics.Started.Add(1);
                // Applied lazily at the next tick: most jobs conclude before it, and Complete/Fail start from
                // Dispatched too, so a fast job costs one state change instead of two.
                _pendingAccepts[jobId] = workerId;
                break;
            case ProgressMessage:
                break;
            case ConcludeMessage conclude:
                _pendingAccepts.Remove(jobId);
                if (known && worker!.InFlight.Remove(jobId, out var sentAt))
                {
                    Metrics.DispatchLatency.Record((now - sentAt).TotalMilliseconds);
                }
                Metrics.RecordReceipt(conclude);
                _abortsSent.Remove(jobId);
                transitions.Add(ToTransition(jobId, workerId, conclude));
                break;
            case ByeMessage bye when known:
                worker!.Draining = true;
                LogDraining(_logger, workerId, bye.Reason);
                break;
            case ErrMessage err:
                LogPeerError(_logger, workerId, err.Code, err.Message);
                break;
            default:
                _router.Send(peer, new ErrMessage { Code = nameof(ProtocolError.UnexpectedMessage), Message = $"{decoded.Message.Opcode} is not sent to the Sentinel" });
                break;
        }
    }

    /// <summary>Applies a round's answers: counts and logs the state changes, and dispatches the leased jobs.</summary>
    private async Task ApplyAsync(StoreRound round, CancellationToken cancellationToken)
    {
        var results = await round.Transitions.ConfigureAwait(false);
        for (var i = 0; i < results.Count; i++)
        {
            var request = round.Requests[i];
            var result = results[i];
            if (!result.Applied)
            {
                if (request.Kind is not (JobTransition.Accept))
                {
                    LogLateReceipt(_logger, request.JobId, request.Kind, request.WorkerId ?? "", result.State);
                }
                continue;
            }
            Metrics.RecordApplied(request.Kind, result.State);
            if (request.Kind == JobTransition.Complete)
            {
                Completed++;
            }
            else if (result.State == JobState.Queued)
            {
                _requeued = true;
            }
            LogTransition(_logger, request.JobId, request.Kind, result.State, request.WorkerId ?? "");
        }
        foreach (var lease in round.Leases)
        {
            lease.Worker.Requested -= lease.Asked;
            await DispatchAsync(lease.Worker, await lease.Jobs.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
    }

    private static Store.Catalog.Materialization MaterializationOf(long jobId, ConcludeMessage receipt, OutputReceipt output) =>
        new(output.MaterializationKey, output.OutputTargetKey, receipt.SourceHash ?? "", ArtifactHash: "", jobId, output.Rows);

    private async Task IdentifyAsync(PeerId peer, IdentifyMessage identify, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var workerId = peer.ToString();
        if (!string.Equals(identify.WorkerId, workerId, StringComparison.Ordinal))
        {
            _router.Send(peer, new ErrMessage { Code = SentinelErrors.WorkerIdMismatch, Message = $"worker_id '{identify.WorkerId}' must equal the socket's routing id '{workerId}'" });
            return;
        }
        var isNew = Workers.Register(workerId, peer, identify.Capacity, identify.Runtimes, now, out var worker);
        worker.Prefetch = identify.Prefetch;
        worker.Version = identify.Version;
        // After a Sentinel restart the store still knows which jobs this worker holds; count them against its capacity.
        worker.InFlight.Clear();
        foreach (var state in new[] { JobState.Dispatched, JobState.Running })
        {
            var held = await _resilience.RunAsync(ct => _store.QueryJobsAsync(new JobQuery(State: state, WorkerId: workerId), 100_000, ct), cancellationToken).ConfigureAwait(false);
            foreach (var job in held)
            {
                worker.InFlight[job.Id] = now;
            }
        }
        PublishWorkers();
        LogWorkerIdentified(_logger, workerId, identify.Capacity, string.Join(',', identify.Runtimes), isNew ? "joined" : "re-identified", worker.InFlight.Count);
        _router.Send(peer, new HeartbeatMessage { SentAtUnixMs = now.ToUnixTimeMilliseconds() });
    }

    /// <summary>
    /// Jobs the Sentinel thinks a worker holds but the worker does not report, once past a grace period (they were lost
    /// in flight, e.g. across a Sentinel restart), go back to the queue.
    /// </summary>
    private IEnumerable<TransitionRequest> ReconcileRunning(ConnectedWorker worker, HeartbeatMessage heartbeat, DateTimeOffset now)
    {
        if (worker.InFlight.Count == 0)
        {
            yield break;
        }
        var reported = new HashSet<long>(heartbeat.RunningJobs.Select(id => (long)id));
        var missing = worker.InFlight.Where(kv => !reported.Contains(kv.Key) && now - kv.Value > _options.UnreportedJobGrace).Select(kv => kv.Key).ToList();
        foreach (var jobId in missing)
        {
            worker.InFlight.Remove(jobId);
            yield return new TransitionRequest(jobId, JobTransition.WorkerLost, worker.WorkerId, "the worker no longer reports the job");
        }
    }

    private static TransitionRequest ToTransition(long jobId, string workerId, ConcludeMessage conclude) => conclude.Status switch
    {
        // The outputs are recorded with the state change, in one transaction, and only if it applies.
        ConcludeStatus.Completed => new TransitionRequest(jobId, JobTransition.Complete, workerId,
            Materializations: [.. conclude.Outputs.Select(o => MaterializationOf(jobId, conclude, o))]),
        ConcludeStatus.Rejected => new TransitionRequest(jobId, JobTransition.Reject, workerId, conclude.Error?.Message ?? "worker at capacity"),
        ConcludeStatus.Aborted when conclude.Error?.Code == "job.aborted" => new TransitionRequest(jobId, JobTransition.ConfirmAbort, workerId, "aborted"),
        ConcludeStatus.Aborted => new TransitionRequest(jobId, JobTransition.RetryLater, workerId, $"{conclude.Error?.Code}: {conclude.Error?.Message}"),
        _ when conclude.Error?.Kind == "permanent" => new TransitionRequest(jobId, JobTransition.Fail, workerId, $"{conclude.Error.Code}: {conclude.Error.Message}"),
        _ => new TransitionRequest(jobId, JobTransition.RetryLater, workerId, $"{conclude.Error?.Code}: {conclude.Error?.Message}"),
    };

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var lost in Workers.Silent(now, _options.WorkerTimeout))
        {
            Workers.Remove(lost.WorkerId);
            var requeued = await _resilience.RunAsync(ct => _store.RequeueWorkerAsync(lost.WorkerId, "worker lost: missed heartbeats", ct), cancellationToken).ConfigureAwait(false);
            LogWorkerLost(_logger, lost.WorkerId, (now - lost.LastSeen).TotalSeconds, requeued.Count(r => r.Applied));
        }
        if (_pendingAccepts.Count > 0)
        {
            var accepts = _pendingAccepts.Select(kv => new TransitionRequest(kv.Key, JobTransition.Accept, kv.Value)).ToList();
            _pendingAccepts.Clear();
            await _resilience.RunAsync(ct => _store.TransitionAsync(accepts, ct), cancellationToken).ConfigureAwait(false);
        }
        var heartbeat = new HeartbeatMessage { SentAtUnixMs = now.ToUnixTimeMilliseconds() };
        foreach (var worker in Workers.All)
        {
            _router.Send(worker.Peer, heartbeat);
            await _resilience.RunAsync(ct => _store.ExtendLeasesAsync(worker.WorkerId, _options.LeaseDuration, ct), cancellationToken).ConfigureAwait(false);
        }
        var expired = await _resilience.RunAsync(ct => _store.RequeueExpiredLeasesAsync(ct), cancellationToken).ConfigureAwait(false);
        foreach (var result in expired.Where(r => r.Applied))
        {
            LogLeaseExpired(_logger, result.JobId, result.State);
        }
        await SendAbortsAsync(cancellationToken).ConfigureAwait(false);
        var badFrames = _router.Counters.BadFrames;
        if (badFrames != _badFramesReported)
        {
            LogBadFrames(_logger, badFrames - _badFramesReported, badFrames);
            _badFramesReported = badFrames;
        }
        await PublishSnapshotAsync(now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends ABORT, once, for every held job an operator cancelled.</summary>
    private async Task SendAbortsAsync(CancellationToken cancellationToken)
    {
        foreach (var state in new[] { JobState.Dispatched, JobState.Running })
        {
            // Only the flagged jobs: reading every held job each tick would cost O(jobs in flight) per heartbeat.
            var held = await _resilience.RunAsync(ct => _store.QueryJobsAsync(new JobQuery(State: state, AbortRequested: true), 100_000, ct), cancellationToken).ConfigureAwait(false);
            foreach (var job in held)
            {
                if (job.AbortRequested && job.WorkerId is not null && Workers.TryGet(job.WorkerId, out var worker) && _abortsSent.Add(job.Id))
                {
                    _router.Send(worker.Peer, new AbortMessage { Reason = job.Reason ?? "cancelled" }, (ulong)job.Id);
                    LogAbortSent(_logger, job.Id, job.WorkerId);
                }
            }
        }
    }

    /// <summary>Sends the jobs leased to <paramref name="worker"/>; a job that cannot be described to it fails at once.</summary>
    private async Task DispatchAsync(ConnectedWorker worker, IReadOnlyList<JobRecord> leased, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        List<TransitionRequest>? unrunnable = null;
        foreach (var job in leased)
        {
            DispatchMessage dispatch;
            try
            {
                dispatch = DispatchComposer.Compose(job);
            }
            catch (InvalidDataException ex)
            {
                // A job that cannot be described to a worker fails at once instead of blocking a slot.
                (unrunnable ??= []).Add(new TransitionRequest(job.Id, JobTransition.Fail, worker.WorkerId, ex.Message));
                continue;
            }
            worker.InFlight[job.Id] = now;
            _router.Send(worker.Peer, dispatch, (ulong)job.Id);
        }
        Metrics.Dispatched.Add(leased.Count);
        if (unrunnable is not null)
        {
            await _resilience.RunAsync(ct => _store.TransitionAsync(unrunnable, ct), cancellationToken).ConfigureAwait(false);
            foreach (var failed in unrunnable)
            {
                LogUnrunnable(_logger, failed.JobId, failed.Reason ?? "");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed before dispatch: {Reason}")]
    private static partial void LogUnrunnable(ILogger logger, long jobId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} {Change}: capacity {Capacity}, runtimes {Runtimes}, holding {Held} job(s)")]
    private static partial void LogWorkerIdentified(ILogger logger, string workerId, int capacity, string runtimes, string change, int held);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {WorkerId} lost after {Silence:0.0} s without heartbeats; {Requeued} job(s) requeued")]
    private static partial void LogWorkerLost(ILogger logger, string workerId, double silence, int requeued);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} is draining ({Reason}): no new jobs")]
    private static partial void LogDraining(ILogger logger, string workerId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} {Transition} → {State} (worker {WorkerId})")]
    private static partial void LogTransition(ILogger logger, long jobId, JobTransition transition, JobState? state, string workerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored a late {Transition} of job {JobId} from worker {WorkerId}: the job is {State}")]
    private static partial void LogLateReceipt(ILogger logger, long jobId, JobTransition transition, string workerId, JobState? state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} lease expired; now {State}")]
    private static partial void LogLeaseExpired(ILogger logger, long jobId, JobState? state);

    [LoggerMessage(Level = LogLevel.Information, Message = "ABORT sent for job {JobId} to worker {WorkerId}")]
    private static partial void LogAbortSent(ILogger logger, long jobId, string workerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Recent} malformed message(s) since the last heartbeat, {Total} in all")]
    private static partial void LogBadFrames(ILogger logger, long recent, long total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {WorkerId} reported an error: {Code}: {Detail}")]
    private static partial void LogPeerError(ILogger logger, string workerId, string code, string detail);
}
