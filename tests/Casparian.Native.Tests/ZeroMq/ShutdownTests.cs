using Casparian.Native.ZeroMq;

namespace Casparian.Native.Tests.ZeroMq;

public sealed class ShutdownTests
{
    // Generous against a loaded 2-core machine; a hang would exceed it by far.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Disposing_a_context_with_sockets_still_open_returns_promptly_and_closes_them()
    {
        var context = new ZmqContext();
        var router = context.CreateSocket(ZmqSocketType.Router);
        router.Bind("tcp://127.0.0.1:*");
        var unreachable = router.LastEndpoint;
        router.Unbind(unreachable);
        var dealer = context.CreateSocket(ZmqSocketType.Dealer);
        dealer.Linger = Timeout.InfiniteTimeSpan;
        dealer.Connect(unreachable);
        // Queued for a peer that never comes: with infinite linger a plain zmq_ctx_term would wait for ever.
        dealer.Send(new byte[1024]);
        using var monitor = router.Monitor();

        var disposal = Task.Run(context.Dispose);

        // WaitAsync throws TimeoutException if disposal hangs.
        await disposal.WaitAsync(Deadline);
        Assert.Equal(0, context.OpenSocketCount);
        Assert.Throws<ObjectDisposedException>(() => dealer.Send("after"u8));
        Assert.Throws<ObjectDisposedException>(() => context.CreateSocket(ZmqSocketType.Dealer));
    }

    [Fact]
    public async Task A_receive_blocked_on_another_thread_ends_with_a_context_terminated_error_when_the_context_is_disposed()
    {
        var context = new ZmqContext();
        var socket = context.CreateSocket(ZmqSocketType.Dealer);
        socket.Bind("tcp://127.0.0.1:*");
        using var entered = new ManualResetEventSlim();
        var receiver = Task.Factory.StartNew(() =>
        {
            using var message = new ZmqMultipartMessage();
            entered.Set();
            socket.Receive(message);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(entered.Wait(Deadline));

        var disposal = Task.Run(context.Dispose);

        await disposal.WaitAsync(Deadline);
        var error = await Assert.ThrowsAsync<ZmqException>(() => receiver.WaitAsync(Deadline));
        Assert.True(error.IsContextTerminated, error.Message);
        Assert.Equal(ZmqErrno.ETERM, error.Errno);
    }

    [Fact]
    public void Shutdown_makes_blocking_calls_fail_with_ETERM_while_the_socket_stays_closable()
    {
        using var context = new ZmqContext();
        using var socket = context.CreateSocket(ZmqSocketType.Dealer);
        using var message = new ZmqMultipartMessage();

        context.Shutdown();

        var error = Assert.Throws<ZmqException>(() => socket.Receive(message));
        Assert.True(error.IsContextTerminated);
        Assert.Contains("close the socket", error.Message, StringComparison.Ordinal);
    }
}
