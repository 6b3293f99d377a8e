using Casparian.Native.ZeroMq;

namespace Casparian.Native.Tests.ZeroMq;

public sealed class SocketOptionTests : IDisposable
{
    private readonly ZmqContext _context = new(ioThreads: 2, maxSockets: 64);

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Context_options_are_applied()
    {
        Assert.Equal(2, _context.IoThreads);
        Assert.Equal(64, _context.MaxSockets);
    }

    [Fact]
    public void New_sockets_have_linger_zero()
    {
        using var socket = _context.CreateSocket(ZmqSocketType.Dealer);

        Assert.Equal(TimeSpan.Zero, socket.Linger);
    }

    [Fact]
    public void Options_read_back_what_was_set()
    {
        using var socket = _context.CreateSocket(ZmqSocketType.Dealer);

        socket.Linger = TimeSpan.FromMilliseconds(250);
        socket.ReceiveTimeout = TimeSpan.FromMilliseconds(1500);
        socket.SendTimeout = Timeout.InfiniteTimeSpan;
        socket.HeartbeatInterval = TimeSpan.FromSeconds(1);
        socket.HeartbeatTtl = TimeSpan.FromSeconds(3);
        socket.HeartbeatTimeout = TimeSpan.FromSeconds(2);
        socket.ReconnectInterval = TimeSpan.FromMilliseconds(50);
        socket.ReconnectIntervalMax = TimeSpan.FromSeconds(5);
        socket.SendHighWatermark = 5000;
        socket.ReceiveHighWatermark = 7000;
        socket.MaxMessageSize = 1L << 33;
        socket.Immediate = true;
        socket.SetRoutingId([1, 2, 3]);

        Assert.Equal(TimeSpan.FromMilliseconds(250), socket.Linger);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), socket.ReceiveTimeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, socket.SendTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), socket.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), socket.HeartbeatTtl);
        Assert.Equal(TimeSpan.FromSeconds(2), socket.HeartbeatTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(50), socket.ReconnectInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), socket.ReconnectIntervalMax);
        Assert.Equal(5000, socket.SendHighWatermark);
        Assert.Equal(7000, socket.ReceiveHighWatermark);
        Assert.Equal(1L << 33, socket.MaxMessageSize);
        Assert.True(socket.Immediate);
        Assert.Equal(new byte[] { 1, 2, 3 }, socket.GetRoutingId());
    }

    [Fact]
    public void Invalid_values_are_rejected_before_reaching_libzmq()
    {
        using var socket = _context.CreateSocket(ZmqSocketType.Dealer);

        Assert.Throws<ArgumentException>(() => socket.SetRoutingId([0, 1]));
        Assert.Throws<ArgumentException>(() => socket.SetRoutingId(new byte[256]));
        Assert.Throws<ArgumentException>(() => socket.SetCurveServerKey("too short"));
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.SendHighWatermark = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.ReceiveTimeout = TimeSpan.FromMilliseconds(-5));
    }

    [Fact]
    public void A_disposed_socket_refuses_further_calls()
    {
        var socket = _context.CreateSocket(ZmqSocketType.Dealer);
        socket.Dispose();

        Assert.Throws<ObjectDisposedException>(() => socket.Connect("tcp://127.0.0.1:1"));
        Assert.Equal(0, _context.OpenSocketCount);
    }
}
