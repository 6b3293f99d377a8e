using System.Text;
using Casparian.Native.ZeroMq;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Wire;

namespace Casparian.Broker.Tests.Api;

/// <summary>The test playing a worker over a real DEALER socket: it identifies, takes DISPATCHes and answers with receipts.</summary>
internal sealed class FakeWorker : IDisposable
{
    private readonly ZmqContext _context = new();
    private readonly ZmqSocket _socket;

    private FakeWorker(string id)
    {
        Id = id;
        _socket = _context.CreateSocket(ZmqSocketType.Dealer);
        _socket.SetRoutingId(Encoding.UTF8.GetBytes(id));
        _socket.ReceiveTimeout = ApiHarness.Deadline;
    }

    public string Id { get; }

    /// <summary>Connects and identifies with <paramref name="capacity"/> slots.</summary>
    public static FakeWorker Connect(string endpoint, string id, int capacity, string version = "test-1.0")
    {
        var worker = new FakeWorker(id);
        worker._socket.Connect(endpoint);
        worker.Send(new IdentifyMessage { WorkerId = id, Version = version, Capacity = capacity, Runtimes = ["builtin", "python"] });
        return worker;
    }

    /// <summary>The next DISPATCH (heartbeats in between are skipped).</summary>
    public (long JobId, int Attempt) ReceiveDispatch()
    {
        var (jobId, message) = ReceiveUntil<DispatchMessage>();
        return (jobId, message.Attempt);
    }

    /// <summary>The next ABORT; returns its job id.</summary>
    public long ReceiveAbort() => ReceiveUntil<AbortMessage>().JobId;

    /// <summary>ACCEPT then a Completed receipt with one output of <paramref name="rows"/> rows.</summary>
    public void Complete(long jobId, int attempt, long rows, long quarantined = 0)
    {
        Send(new AcceptMessage { Attempt = attempt }, jobId);
        var started = DateTimeOffset.UtcNow;
        Send(new ConcludeMessage
        {
            Attempt = attempt,
            Status = ConcludeStatus.Completed,
            SourceHash = $"src-{jobId}",
            StartedAt = started,
            FinishedAt = started.AddMilliseconds(3),
            Outputs = [new OutputReceipt { Name = "out", OutputTargetKey = "target-a", MaterializationKey = $"mat-{jobId}", Rows = rows, QuarantinedRows = quarantined }],
        }, jobId);
    }

    /// <summary>A permanent failure receipt.</summary>
    public void Fail(long jobId, int attempt) =>
        Send(new ConcludeMessage
        {
            Attempt = attempt,
            Status = ConcludeStatus.Failed,
            Error = new JobError { Kind = "permanent", Code = "contract.violation", Message = "column 3 is not a timestamp" },
        }, jobId);

    /// <summary>Confirms an ABORT the way a real worker does.</summary>
    public void ConfirmAbort(long jobId, int attempt) =>
        Send(new ConcludeMessage
        {
            Attempt = attempt,
            Status = ConcludeStatus.Aborted,
            Error = new JobError { Kind = "transient", Code = "job.aborted", Message = "aborted" },
        }, jobId);

    private (long JobId, T Message) ReceiveUntil<T>() where T : WireMessage
    {
        while (true)
        {
            using var message = new ZmqMultipartMessage();
            _socket.Receive(message);
            var frames = new ReadOnlyMemory<byte>[message.Count];
            for (var i = 0; i < frames.Length; i++)
            {
                frames[i] = message[i].ToArray();
            }
            var decoded = MessageCodec.Decode(frames, WireLimits.Default);
            if (decoded.Message is T wanted)
            {
                return ((long)decoded.JobId, wanted);
            }
        }
    }

    private void Send(WireMessage message, long jobId = 0)
    {
        var frames = MessageWriter.ToFrames(message, (ulong)jobId);
        _socket.SendMultipart(frames[0], frames[1]);
    }

    public void Dispose()
    {
        _socket.Dispose();
        _context.Dispose();
    }
}
