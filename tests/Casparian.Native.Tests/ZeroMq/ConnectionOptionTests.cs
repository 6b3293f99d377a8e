using System.Diagnostics;
using Casparian.Native.ZeroMq;

namespace Casparian.Native.Tests.ZeroMq;

/// <summary>The connection options change what happens on the wire, not only what getsockopt says.</summary>
public sealed class ConnectionOptionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ZmqContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Heartbeats_detect_a_peer_that_hangs_without_closing_its_connection()
    {
        using var python = PeerProcess.StartPython("idle_router.py");
        var endpoint = python.ReadLine(Deadline);
        using var dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
        dealer.HeartbeatTimeout = TimeSpan.FromMilliseconds(500);
        dealer.ReconnectInterval = TimeSpan.FromSeconds(30);
        using var monitor = dealer.Monitor(ZmqSocketEvents.HandshakeSucceeded | ZmqSocketEvents.Disconnected);
        dealer.Connect(endpoint);
        Assert.True(monitor.TryWaitFor(ZmqSocketEvents.HandshakeSucceeded, Deadline, out _));

        // A stopped process keeps its sockets open but answers nothing: only the heartbeat timeout can notice.
        python.Signal("STOP");

        Assert.True(monitor.TryWaitFor(ZmqSocketEvents.Disconnected, Deadline, out var disconnected), "no heartbeat timeout was detected");
        Assert.Equal(endpoint, disconnected.Endpoint);
    }

    [Fact]
    public void Immediate_refuses_to_queue_for_a_connection_that_is_not_up()
    {
        using var router = _context.CreateSocket(ZmqSocketType.Router);
        router.Bind("tcp://127.0.0.1:*");
        var nobody = router.LastEndpoint;
        router.Unbind(nobody);
        using var queuing = _context.CreateSocket(ZmqSocketType.Dealer);
        queuing.Connect(nobody);
        using var immediate = _context.CreateSocket(ZmqSocketType.Dealer);
        immediate.Immediate = true;
        immediate.Connect(nobody);

        Assert.True(queuing.TrySend("queued for later"u8));
        Assert.False(immediate.TrySend("refused"u8));
    }

    [Fact]
    public void A_dealer_connecting_before_the_router_binds_delivers_once_the_router_is_up()
    {
        using var probe = _context.CreateSocket(ZmqSocketType.Router);
        probe.Bind("tcp://127.0.0.1:*");
        var endpoint = probe.LastEndpoint;
        probe.Unbind(endpoint);
        using var dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.ReconnectInterval = TimeSpan.FromMilliseconds(20);
        dealer.ReconnectIntervalMax = TimeSpan.FromMilliseconds(100);
        dealer.Connect(endpoint);
        dealer.Send("sent before the router existed"u8);
        using var router = _context.CreateSocket(ZmqSocketType.Router);
        router.ReceiveTimeout = Deadline;
        using var message = new ZmqMultipartMessage();

        // libzmq releases an unbound port on its I/O thread, so the port may be busy for a moment.
        var clock = Stopwatch.StartNew();
        while (!TryBind(router, endpoint))
        {
            Assert.True(clock.Elapsed < Deadline, $"{endpoint} stayed in use");
        }
        router.Receive(message);

        Assert.Equal("sent before the router existed"u8.ToArray(), message[1].ToArray());
    }

    private static bool TryBind(ZmqSocket socket, string endpoint)
    {
        try
        {
            socket.Bind(endpoint);
            return true;
        }
        catch (ZmqException ex) when (ex.Errno == ZmqErrno.EADDRINUSE)
        {
            return false;
        }
    }
}
