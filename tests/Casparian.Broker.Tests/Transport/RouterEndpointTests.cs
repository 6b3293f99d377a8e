using System.Text;
using Casparian.Broker.Transport;
using Casparian.Native.ZeroMq;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casparian.Broker.Tests.Transport;

public sealed class RouterEndpointTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ZmqContext _context = new();
    private readonly RouterEndpoint _router;

    public RouterEndpointTests()
    {
        _router = new RouterEndpoint(_context, new RouterOptions { Bind = "tcp://127.0.0.1:*" }, NullLogger.Instance);
        _router.StartedAsync().Wait(Deadline);
    }

    public void Dispose()
    {
        _router.Dispose();
        _context.Dispose();
    }

    [Fact]
    public async Task A_worker_is_known_by_its_routing_id_and_gets_replies()
    {
        using var dealer = Dealer("worker-a");
        Send(dealer, new IdentifyMessage { WorkerId = "worker-a", Version = "1", Capacity = 2 });

        var inbound = await _router.Inbound.ReadAsync().AsTask().WaitAsync(Deadline);
        Assert.Equal("worker-a", inbound.Peer.ToString());
        Assert.Equal("worker-a", Assert.IsType<IdentifyMessage>(inbound.Message.Message).WorkerId);

        _router.Send(inbound.Peer, new AbortMessage { Reason = "test" }, jobId: 77);
        var reply = Receive(dealer);
        Assert.Equal(77UL, reply.JobId);
        Assert.Equal("test", Assert.IsType<AbortMessage>(reply.Message).Reason);
    }

    [Fact]
    public async Task Malformed_frames_are_counted_answered_with_ERR_and_do_not_stop_the_loop()
    {
        using var rogue = Dealer("rogue");
        using var worker = Dealer("worker-b");
        var random = new Random(7);
        const int garbage = 2_000;
        for (var i = 0; i < garbage; i++)
        {
            var frame = new byte[random.Next(0, 40)];
            random.NextBytes(frame);
            rogue.Send(frame);
        }
        Send(worker, new HeartbeatMessage { FreeSlots = 1 });

        var inbound = await _router.Inbound.ReadAsync().AsTask().WaitAsync(Deadline);
        Assert.Equal("worker-b", inbound.Peer.ToString());
        await Until(() => _router.Counters.BadFrames == garbage);

        var err = Receive(rogue);
        Assert.IsType<ErrMessage>(err.Message);
        Assert.Equal(1, _router.Counters.Received);
    }

    [Fact]
    public async Task A_message_for_a_peer_that_left_is_counted_as_unroutable()
    {
        _router.Send(new PeerId(Encoding.ASCII.GetBytes("nobody")), new AbortMessage());
        await Until(() => _router.Counters.Unroutable == 1);
        Assert.Equal(0, _router.Counters.Sent);
    }

    private ZmqSocket Dealer(string id)
    {
        var dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.SetRoutingId(Encoding.ASCII.GetBytes(id));
        dealer.ReceiveTimeout = Deadline;
        dealer.Connect(_router.BoundEndpoint);
        return dealer;
    }

    private static void Send(ZmqSocket dealer, WireMessage message)
    {
        var frames = MessageWriter.ToFrames(message);
        dealer.SendMultipart(frames[0], frames[1]);
    }

    private static DecodedMessage Receive(ZmqSocket dealer)
    {
        using var message = new ZmqMultipartMessage();
        dealer.Receive(message);
        var frames = new ReadOnlyMemory<byte>[message.Count];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = message[i].ToArray();
        }
        return MessageCodec.Decode(frames, WireLimits.Default);
    }

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            // Polling a counter with a deadline: the loop thread offers no event for "N bad frames seen".
            await Task.Delay(5, timeout.Token);
        }
    }
}
