using Casparian.Testing;
using System.Text;
using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;
using Casparian.Broker.Store.Postgres;
using Casparian.Broker.Tests.Store;
using Casparian.Broker.Transport;
using Casparian.Native.ZeroMq;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casparian.Broker.Tests.Sentinel;

/// <summary>The Sentinel in-process against a real store, with the test playing a worker over a real DEALER socket.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SentinelServiceTests(PostgresFixture cluster)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_rejected_dispatch_is_requeued_without_spending_the_retry_budget_and_dispatched_again()
    {
        await using var store = await PostgresStateStore.OpenAsync(await cluster.Server.CreateDatabaseAsync("sentinel"));
        var jobId = (await store.EnqueueAsync([new EnqueueRequest("mk-1", "src-1", "builtin:noop")])).NewJobIds[0];
        // The test plays a worker that never heartbeats: it must not be declared lost while the test runs.
        var options = new SentinelOptions { Router = new RouterOptions { Bind = "tcp://127.0.0.1:*" }, HeartbeatInterval = TimeSpan.FromSeconds(1), MissedHeartbeats = 100 };
        using var sentinel = new SentinelService(store, options, NullLoggerFactory.Instance);
        await sentinel.StartAsync(default);
        try
        {
            using var context = new ZmqContext();
            using var worker = context.CreateSocket(ZmqSocketType.Dealer);
            worker.SetRoutingId(Encoding.UTF8.GetBytes("fake-worker"));
            worker.ReceiveTimeout = Deadline;
            worker.Connect(await sentinel.Listening.WaitAsync(Deadline));
            Send(worker, new IdentifyMessage { WorkerId = "fake-worker", Version = "test", Capacity = 1, Runtimes = ["builtin"] });

            var first = ReceiveDispatch(worker);
            Assert.Equal((ulong)jobId, first.JobId);
            Send(worker, new ConcludeMessage
            {
                Attempt = first.Dispatch.Attempt,
                Status = ConcludeStatus.Rejected,
                Error = new JobError { Kind = "transient", Code = "worker.capacity", Message = "at capacity" },
            }, first.JobId);

            var second = ReceiveDispatch(worker);
            Assert.Equal((ulong)jobId, second.JobId);
            Assert.True(second.Dispatch.Attempt > first.Dispatch.Attempt);
            var requeued = await store.GetJobAsync(jobId);
            Assert.Equal(1, requeued!.Rejections);
            Assert.Equal(0, requeued.Retries);

            Send(worker, new ConcludeMessage { Attempt = second.Dispatch.Attempt, Status = ConcludeStatus.Completed }, second.JobId);
            await WaitForStateAsync(store, jobId, JobState.Completed);
        }
        finally
        {
            await sentinel.StopAsync(default);
        }
    }

    [Fact]
    public async Task A_heartbeat_from_an_unknown_worker_is_answered_with_identify_first()
    {
        await using var store = await PostgresStateStore.OpenAsync(await cluster.Server.CreateDatabaseAsync("sentinel"));
        var options = new SentinelOptions { Router = new RouterOptions { Bind = "tcp://127.0.0.1:*" } };
        using var sentinel = new SentinelService(store, options, NullLoggerFactory.Instance);
        await sentinel.StartAsync(default);
        try
        {
            using var context = new ZmqContext();
            using var worker = context.CreateSocket(ZmqSocketType.Dealer);
            worker.SetRoutingId(Encoding.UTF8.GetBytes("stranger"));
            worker.ReceiveTimeout = Deadline;
            worker.Connect(await sentinel.Listening.WaitAsync(Deadline));
            Send(worker, new HeartbeatMessage());

            var reply = Receive(worker);
            Assert.Equal(SentinelErrors.IdentifyFirst, Assert.IsType<ErrMessage>(reply.Message).Code);
        }
        finally
        {
            await sentinel.StopAsync(default);
        }
    }

    private static async Task WaitForStateAsync(IJobStore store, long jobId, JobState state)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while ((await store.GetJobAsync(jobId, deadline.Token))!.State != state)
        {
            // Polling the store with a deadline: it has no change feed.
            await Task.Delay(20, deadline.Token);
        }
    }

    private static (ulong JobId, DispatchMessage Dispatch) ReceiveDispatch(ZmqSocket worker)
    {
        while (true)
        {
            var message = Receive(worker);
            if (message.Message is DispatchMessage dispatch)
            {
                return (message.JobId, dispatch);
            }
        }
    }

    private static void Send(ZmqSocket socket, WireMessage message, ulong jobId = 0)
    {
        var frames = MessageWriter.ToFrames(message, jobId);
        socket.SendMultipart(frames[0], frames[1]);
    }

    private static DecodedMessage Receive(ZmqSocket socket)
    {
        using var message = new ZmqMultipartMessage();
        socket.Receive(message);
        var frames = new ReadOnlyMemory<byte>[message.Count];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = message[i].ToArray();
        }
        return MessageCodec.Decode(frames, WireLimits.Default);
    }
}
