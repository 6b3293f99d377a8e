using System.Text;
using Casparian.Native.ZeroMq;

namespace Casparian.Native.Tests.ZeroMq;

public sealed class RouterDealerTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ZmqContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Wildcard_bind_reports_the_real_port_in_LastEndpoint()
    {
        using var router = _context.CreateSocket(ZmqSocketType.Router);
        router.Bind("tcp://127.0.0.1:*");

        var endpoint = router.LastEndpoint;

        Assert.StartsWith("tcp://127.0.0.1:", endpoint, StringComparison.Ordinal);
        Assert.InRange(int.Parse(endpoint["tcp://127.0.0.1:".Length..], System.Globalization.CultureInfo.InvariantCulture), 1, 65535);
    }

    [Fact]
    public void Router_sees_the_dealer_routing_id_and_replies_reach_that_dealer()
    {
        using var router = _context.CreateSocket(ZmqSocketType.Router);
        router.Bind("tcp://127.0.0.1:*");
        using var dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.SetRoutingId("worker-7"u8);
        dealer.Connect(router.LastEndpoint);
        router.ReceiveTimeout = Deadline;
        dealer.ReceiveTimeout = Deadline;
        using var message = new ZmqMultipartMessage();

        dealer.SendMultipart("header"u8.ToArray(), "meta"u8.ToArray(), Array.Empty<byte>());
        router.Receive(message);

        Assert.Equal(4, message.Count);
        Assert.Equal(["header", "meta", ""], message.Frames[1..].ToArray().Select(f => Encoding.UTF8.GetString(f.Span)));
        Assert.Equal("worker-7", Encoding.UTF8.GetString(message[0].Span));
        Assert.Equal("header", Encoding.UTF8.GetString(message[1].Span));
        Assert.Equal("meta", Encoding.UTF8.GetString(message[2].Span));
        Assert.True(message[3].IsEmpty);

        router.Send("worker-7"u8, more: true);
        router.Send("reply"u8);
        dealer.Receive(message);

        var frame = Assert.Single(message);
        Assert.Equal("reply", Encoding.UTF8.GetString(frame.Span));
    }

    [Fact]
    public void Large_frames_survive_intact_and_the_container_is_reused()
    {
        using var router = _context.CreateSocket(ZmqSocketType.Router);
        router.Bind("tcp://127.0.0.1:*");
        using var dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.Connect(router.LastEndpoint);
        router.ReceiveTimeout = Deadline;
        using var message = new ZmqMultipartMessage();
        var big = new byte[3 << 20];
        new Random(42).NextBytes(big);

        dealer.SendMultipart("small"u8.ToArray(), big);
        router.Receive(message);
        Assert.Equal(3, message.Count);
        Assert.True(message[2].Span.SequenceEqual(big));

        dealer.Send("again"u8);
        router.Receive(message);
        Assert.Equal(2, message.Count);
        Assert.Equal("again", Encoding.UTF8.GetString(message[1].Span));
    }

    [Fact]
    public void Non_blocking_receive_returns_false_when_nothing_is_waiting()
    {
        using var dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        using var message = new ZmqMultipartMessage();

        Assert.False(dealer.TryReceive(message));
        Assert.Empty(message);
    }

    [Fact]
    public void Non_blocking_send_without_a_connected_peer_returns_false()
    {
        using var dealer = _context.CreateSocket(ZmqSocketType.Dealer);

        Assert.False(dealer.TrySend("nobody listens"u8));
        Assert.False(dealer.TrySendMultipart("a"u8.ToArray(), "b"u8.ToArray()));
    }

    [Fact]
    public void Blocking_receive_throws_TimeoutException_when_the_receive_timeout_elapses()
    {
        using var dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.ReceiveTimeout = TimeSpan.FromMilliseconds(50);
        using var message = new ZmqMultipartMessage();

        Assert.Throws<TimeoutException>(() => dealer.Receive(message));
    }

    [Fact]
    public void Router_mandatory_makes_an_unknown_routing_id_a_typed_error()
    {
        using var router = _context.CreateSocket(ZmqSocketType.Router);
        router.SetRouterMandatory(true);

        var error = Assert.Throws<ZmqException>(() => router.Send("nobody"u8, more: true));

        Assert.Equal(ZmqErrno.EHOSTUNREACH, error.Errno);
        Assert.False(string.IsNullOrEmpty(error.ErrorText));
        Assert.Contains("zmq_msg_send", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_beyond_the_container_limits_is_drained_and_rejected_and_the_next_one_arrives()
    {
        using var router = _context.CreateSocket(ZmqSocketType.Router);
        router.Bind("tcp://127.0.0.1:*");
        using var dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.Connect(router.LastEndpoint);
        router.ReceiveTimeout = Deadline;
        using var message = new ZmqMultipartMessage(maxFrames: 4, maxFrameLength: 100);

        dealer.SendMultipart(new byte[50], new byte[101], new byte[5]);
        dealer.SendMultipart("1"u8.ToArray(), "2"u8.ToArray(), "3"u8.ToArray());

        Assert.Throws<ZmqMessageTooLargeException>(() => router.Receive(message));
        router.Receive(message);
        Assert.Equal(4, message.Count);
        Assert.Equal("3", Encoding.UTF8.GetString(message[3].Span));
    }

    [Fact]
    public void MaxMessageSize_makes_libzmq_drop_an_oversize_frame_and_the_peer()
    {
        using var router = _context.CreateSocket(ZmqSocketType.Router);
        router.MaxMessageSize = 1024;
        router.Bind("tcp://127.0.0.1:*");
        using var monitor = router.Monitor(ZmqSocketEvents.Accepted | ZmqSocketEvents.Disconnected);
        using var dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.Connect(router.LastEndpoint);
        dealer.SendTimeout = Deadline;
        using var message = new ZmqMultipartMessage();

        dealer.Send(new byte[4096]);

        Assert.True(monitor.TryWaitFor(ZmqSocketEvents.Disconnected, Deadline, out _), "the router should drop the peer that sent an oversize frame");
        Assert.False(router.TryReceive(message));
    }

    [Fact]
    public void Poll_reports_which_of_several_sockets_is_readable()
    {
        using var router = _context.CreateSocket(ZmqSocketType.Router);
        router.Bind("tcp://127.0.0.1:*");
        using var quiet = _context.CreateSocket(ZmqSocketType.Router);
        quiet.Bind("tcp://127.0.0.1:*");
        using var dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.Connect(router.LastEndpoint);
        var poller = new ZmqPoller();
        var quietIndex = poller.Add(quiet);
        var routerIndex = poller.Add(router);

        Assert.Equal(0, poller.Poll(TimeSpan.Zero));
        dealer.Send("ping"u8);

        Assert.Equal(1, poller.Poll(Deadline));
        Assert.True(poller.IsReadable(routerIndex));
        Assert.False(poller.IsReadable(quietIndex));
    }

    [Fact]
    public void Unbind_and_disconnect_stop_traffic_on_that_endpoint()
    {
        using var router = _context.CreateSocket(ZmqSocketType.Router);
        router.Bind("tcp://127.0.0.1:*");
        var endpoint = router.LastEndpoint;
        using var dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.Connect(endpoint);
        dealer.Disconnect(endpoint);
        router.Unbind(endpoint);

        Assert.False(dealer.TrySend("gone"u8));
        var error = Assert.Throws<ZmqException>(() => router.Unbind(endpoint));
        Assert.NotEqual(0, error.Errno);
    }

    [Fact]
    public void Binding_an_address_in_use_names_the_endpoint_and_the_fix()
    {
        using var first = _context.CreateSocket(ZmqSocketType.Router);
        first.Bind("tcp://127.0.0.1:*");
        using var second = _context.CreateSocket(ZmqSocketType.Router);

        var error = Assert.Throws<ZmqException>(() => second.Bind(first.LastEndpoint));

        Assert.Equal(ZmqErrno.EADDRINUSE, error.Errno);
        Assert.Contains(first.LastEndpoint, error.Message, StringComparison.Ordinal);
        Assert.Contains("port *", error.Message, StringComparison.Ordinal);
    }
}
