using Casparian.Native.ZeroMq;

namespace Casparian.Native.Tests.ZeroMq;

public sealed class ShutdownTests
{
    // Generous against a loaded 2-core machine; a hang would exceed it by far.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [System.Runtime.InteropServices.DllImport("libc.so.6", EntryPoint = "gettid")]
    private static extern int GetTid();

    /// <summary>
    /// Waits until the OS thread sleeps in poll(2) or ppoll(2) (x86-64 numbers 7 and 271), where a blocking libzmq
    /// receive waits for its signaler; /proc shows a blocked thread's system call instead of "running".
    /// </summary>
    private static async Task WaitUntilBlockedInSyscallAsync(int tid)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var syscall = await File.ReadAllTextAsync($"/proc/self/task/{tid}/syscall", deadline.Token);
            var stat = await File.ReadAllTextAsync($"/proc/self/task/{tid}/stat", deadline.Token);
            var number = syscall.Split(' ')[0];
            if (number is "7" or "271" && stat[(stat.LastIndexOf(')') + 2)..][0] == 'S')
            {
                return;
            }
            await Task.Delay(5, deadline.Token);
        }
    }

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
        var threadId = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiver = Task.Factory.StartNew(() =>
        {
            using var message = new ZmqMultipartMessage();
            threadId.SetResult(GetTid());
            socket.Receive(message);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // Dispose only once the receiver really sleeps inside libzmq, or the test would race the socket's disposal.
        await WaitUntilBlockedInSyscallAsync(await threadId.Task.WaitAsync(Deadline));

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
