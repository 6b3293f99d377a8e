using Casparian.Native.ZeroMq;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Wire;
using Casparian.Worker.Execution;
using Casparian.Worker.Runtimes.Builtin;
using Casparian.Worker.Service;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casparian.Worker.Tests.Service;

/// <summary>A real worker service in-process, with the test playing the Sentinel over a real ROUTER socket.</summary>
public sealed class WorkerServiceTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly ZmqContext _context = new();
    private ZmqSocket? _router;
    private WorkerService? _worker;

    public Task InitializeAsync()
    {
        _router = _context.CreateSocket(ZmqSocketType.Router);
        _router.ReceiveTimeout = Deadline;
        _router.Bind("tcp://127.0.0.1:*");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.StopAsync(default);
            _worker.Dispose();
        }
        _router?.Dispose();
        _context.Dispose();
    }

    [Fact]
    public async Task A_worker_at_capacity_rejects_a_dispatch_and_runs_the_one_it_has()
    {
        await StartWorkerAsync(capacity: 1);
        var (peer, identify, _) = ReceiveFrom<IdentifyMessage>();
        Assert.Equal(1, identify.Capacity);
        Assert.Contains("builtin", identify.Runtimes);

        Send(peer, Sleep(attempt: 1, milliseconds: 2000), jobId: 1);
        Assert.Equal(1UL, ReceiveFrom<AcceptMessage>().JobId);
        Send(peer, Sleep(attempt: 1, milliseconds: 10), jobId: 2);

        var (rejectedJob, rejected) = ReceiveConclude();
        Assert.Equal(2UL, rejectedJob);
        Assert.Equal(ConcludeStatus.Rejected, rejected.Status);
        Assert.Equal("worker.capacity", rejected.Error!.Code);

        var (completedJob, completed) = ReceiveConclude();
        Assert.Equal(1UL, completedJob);
        Assert.Equal(ConcludeStatus.Completed, completed.Status);
    }

    [Fact]
    public async Task A_prefetched_job_waits_for_a_slot_unaccepted_and_one_beyond_the_prefetch_is_rejected()
    {
        await StartWorkerAsync(capacity: 1, prefetch: 1);
        var (peer, identify, _) = ReceiveFrom<IdentifyMessage>();
        Assert.Equal((1, 1), (identify.Capacity, identify.Prefetch));

        Send(peer, Sleep(attempt: 1, milliseconds: 1500), jobId: 1);
        Assert.Equal(1UL, ReceiveFrom<AcceptMessage>().JobId);
        Send(peer, Sleep(attempt: 1, milliseconds: 10), jobId: 2);
        Send(peer, Sleep(attempt: 1, milliseconds: 10), jobId: 3);

        // Job 3 is one too many; job 2 is held, not started: no ACCEPT for it while job 1 runs, and it ends after job 1.
        var receipts = new List<(ulong JobId, ConcludeStatus Status)>();
        var accepted = new List<ulong>();
        while (receipts.Count < 3)
        {
            var (_, message, jobId) = ReceiveFrom<WireMessage>(m => m is ConcludeMessage or AcceptMessage);
            if (message is ConcludeMessage conclude)
            {
                receipts.Add((jobId, conclude.Status));
            }
            else
            {
                accepted.Add(jobId);
                Assert.True(receipts.Any(r => r.JobId == 1) || jobId == 1, "a prefetched job was accepted while the only slot was taken");
            }
        }
        Assert.Equal([(3UL, ConcludeStatus.Rejected), (1UL, ConcludeStatus.Completed), (2UL, ConcludeStatus.Completed)], receipts);
    }

    [Fact]
    public async Task Abort_of_a_prefetched_job_concludes_it_aborted_before_it_starts()
    {
        await StartWorkerAsync(capacity: 1, prefetch: 1);
        var (peer, _, _) = ReceiveFrom<IdentifyMessage>();
        Send(peer, Sleep(attempt: 1, milliseconds: 60_000), jobId: 1);
        ReceiveFrom<AcceptMessage>();
        Send(peer, Sleep(attempt: 1, milliseconds: 10), jobId: 2);

        Send(peer, new AbortMessage { Reason = "operator" }, jobId: 2);
        var (jobId, receipt) = ReceiveConclude();

        Assert.Equal(2UL, jobId);
        Assert.Equal(ConcludeStatus.Aborted, receipt.Status);
        Assert.Equal("job.aborted", receipt.Error!.Code);
        Send(peer, new AbortMessage { Reason = "test over" }, jobId: 1);
        Assert.Equal(1UL, ReceiveConclude().JobId);
    }

    [Fact]
    public async Task Abort_stops_a_running_job_and_its_receipt_says_so()
    {
        await StartWorkerAsync(capacity: 2);
        var (peer, _, _) = ReceiveFrom<IdentifyMessage>();
        Send(peer, Sleep(attempt: 1, milliseconds: 60_000), jobId: 9);
        ReceiveFrom<AcceptMessage>();

        Send(peer, new AbortMessage { Reason = "operator" }, jobId: 9);
        var (jobId, receipt) = ReceiveConclude();
        Assert.Equal(9UL, jobId);
        Assert.Equal(ConcludeStatus.Aborted, receipt.Status);
        Assert.Equal("job.aborted", receipt.Error!.Code);
    }

    [Fact]
    public async Task A_job_that_concludes_before_the_next_heartbeat_sends_no_accept()
    {
        await StartWorkerAsync(capacity: 1);
        var (peer, _, _) = ReceiveFrom<IdentifyMessage>();
        Send(peer, Sleep(attempt: 1, milliseconds: 0), jobId: 5);

        var (_, first, jobId) = ReceiveFrom<WireMessage>(m => m is AcceptMessage or ConcludeMessage);
        Assert.Equal(5UL, jobId);
        Assert.IsType<ConcludeMessage>(first);
    }

    [Fact]
    public async Task An_identify_first_error_makes_the_worker_identify_again()
    {
        await StartWorkerAsync(capacity: 1);
        var (peer, _, _) = ReceiveFrom<IdentifyMessage>();
        Send(peer, new ErrMessage { Code = "IdentifyFirst", Message = "who are you" });
        Assert.Equal("test-worker", ReceiveFrom<IdentifyMessage>().Message.WorkerId);
    }

    [Fact]
    public async Task The_worker_meter_counts_each_job_run_by_status_with_its_duration()
    {
        await StartWorkerAsync(capacity: 2);
        var measured = new System.Collections.Concurrent.ConcurrentQueue<(string Instrument, double Value, string? Status)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == _worker!.Metrics.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measured.Enqueue((i.Name, v, Status(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measured.Enqueue((i.Name, v, Status(tags))));
        listener.Start();
        var (peer, _, _) = ReceiveFrom<IdentifyMessage>();

        Send(peer, Sleep(attempt: 1, milliseconds: 50), jobId: 1);
        Send(peer, Sleep(attempt: 1, milliseconds: 0), jobId: 2);
        ReceiveConclude();
        ReceiveConclude();

        Assert.Equal(2, measured.Count(m => m.Instrument == "casparian.worker.jobs" && m.Status == "Completed"));
        var durations = measured.Where(m => m.Instrument == "casparian.worker.job.duration").Select(m => m.Value).ToList();
        Assert.Equal(2, durations.Count);
        // In milliseconds: the 50 ms job measures about 50 (clocks differ by a fraction of a millisecond, so not >= 50 exactly).
        Assert.Contains(durations, d => d is >= 40 and < 5_000);
    }

    private static string? Status(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "status")
            {
                return tag.Value as string;
            }
        }
        return null;
    }

    private async Task StartWorkerAsync(int capacity, int prefetch = 0)
    {
        var executor = new JobExecutor([new BuiltinRuntime([new NoopParser(), new SleepParser()])], TimeSpan.FromMinutes(5));
        // Frequent heartbeats (ACCEPT rides on them); a long silence limit so the worker never identifies again on its own.
        var options = new WorkerOptions { Connect = _router!.LastEndpoint, WorkerId = "test-worker", Capacity = capacity, Prefetch = prefetch, HeartbeatInterval = TimeSpan.FromMilliseconds(100), SentinelSilence = TimeSpan.FromMinutes(5) };
        _worker = new WorkerService(options, executor, ["builtin:sleep"], NullLoggerFactory.Instance);
        await _worker.StartAsync(default);
    }

    private static DispatchMessage Sleep(int attempt, int milliseconds) => new()
    {
        Attempt = attempt,
        InputPath = "/dev/null",
        Plugin = new PluginRef { Name = "builtin:sleep", Version = milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), ArtifactHash = "", RuntimeKind = "builtin" },
    };

    private void Send(byte[] peer, WireMessage message, ulong jobId = 0)
    {
        var frames = MessageWriter.ToFrames(message, jobId);
        _router!.SendMultipart(peer, frames[0], frames[1]);
    }

    private (ulong JobId, ConcludeMessage Receipt) ReceiveConclude()
    {
        var (_, message, jobId) = ReceiveFrom<ConcludeMessage>();
        return (jobId, message);
    }

    private (byte[] Peer, T Message, ulong JobId) ReceiveFrom<T>() where T : WireMessage => ReceiveFrom<T>(_ => true);

    private (byte[] Peer, T Message, ulong JobId) ReceiveFrom<T>(Func<WireMessage, bool> wanted) where T : WireMessage
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var message = new ZmqMultipartMessage();
        while (true)
        {
            deadline.Token.ThrowIfCancellationRequested();
            _router!.Receive(message);
            var peer = message[0].ToArray();
            var frames = new ReadOnlyMemory<byte>[message.Count - 1];
            for (var i = 0; i < frames.Length; i++)
            {
                frames[i] = message[i + 1].ToArray();
            }
            var decoded = MessageCodec.Decode(frames, WireLimits.Default);
            if (decoded.Message is T typed && wanted(typed))
            {
                return (peer, typed, decoded.JobId);
            }
        }
    }
}
