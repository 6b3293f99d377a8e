using System.Runtime.InteropServices;

namespace Casparian.Native.ZeroMq;

/// <summary>
/// A libzmq socket (ROUTER, DEALER or PAIR) created by <see cref="ZmqContext.CreateSocket"/>.
/// <para>Ownership rules: a socket lives on one thread (libzmq sockets are not thread-safe); it starts with LINGER 0;
/// dispose it before its context (the context closes any socket still open when it is disposed). The only
/// cross-thread operation that is safe is disposing the context, which wakes a blocked call with ETERM.</para>
/// <para>Receive fills a reusable <see cref="ZmqMultipartMessage"/> from pooled buffers; send copies caller spans
/// into libzmq messages. Non-blocking variants return false when libzmq would block (EAGAIN); interrupted calls
/// (EINTR) are retried; every other failure is a <see cref="ZmqException"/>.</para>
/// </summary>
public sealed unsafe partial class ZmqSocket : IDisposable
{
    private readonly ZmqContext _context;
    private readonly ZmqSocketHandle _handle;

    internal ZmqSocket(ZmqContext context, ZmqSocketHandle handle, ZmqSocketType type)
    {
        _context = context;
        _handle = handle;
        Type = type;
        Linger = TimeSpan.Zero;
    }

    /// <summary>The socket type.</summary>
    public ZmqSocketType Type { get; }

    /// <summary>The context that created this socket.</summary>
    public ZmqContext Context => _context;

    internal ZmqSocketHandle Handle => _handle;

    /// <summary>Listens on <paramref name="endpoint"/>, e.g. <c>tcp://127.0.0.1:*</c> (see <see cref="LastEndpoint"/> for the port chosen).</summary>
    public void Bind(string endpoint) => EndpointCall(endpoint, "zmq_bind", static (s, e) => ZmqNative.Bind(s, e));

    /// <summary>Connects to <paramref name="endpoint"/>; libzmq connects (and reconnects) in the background.</summary>
    public void Connect(string endpoint) => EndpointCall(endpoint, "zmq_connect", static (s, e) => ZmqNative.Connect(s, e));

    /// <summary>Stops listening on an endpoint previously bound (use the exact <see cref="LastEndpoint"/> for a wildcard bind).</summary>
    public void Unbind(string endpoint) => EndpointCall(endpoint, "zmq_unbind", static (s, e) => ZmqNative.Unbind(s, e));

    /// <summary>Disconnects from an endpoint previously connected.</summary>
    public void Disconnect(string endpoint) => EndpointCall(endpoint, "zmq_disconnect", static (s, e) => ZmqNative.Disconnect(s, e));

    /// <summary>
    /// Receives one whole multipart message into <paramref name="message"/> (cleared first), blocking until it arrives.
    /// Throws <see cref="TimeoutException"/> when <see cref="ReceiveTimeout"/> elapses first.
    /// </summary>
    public void Receive(ZmqMultipartMessage message)
    {
        if (!ReceiveCore(message, 0))
        {
            throw new TimeoutException($"No message arrived on the {Type} socket within its receive timeout ({ReceiveTimeout}); raise ReceiveTimeout or poll first.");
        }
    }

    /// <summary>Receives one whole multipart message if one is waiting; returns false at once otherwise.</summary>
    public bool TryReceive(ZmqMultipartMessage message) => ReceiveCore(message, ZmqConstants.DontWait);

    /// <summary>Sends one frame; <paramref name="more"/> says another frame of the same message follows (SNDMORE).</summary>
    public void Send(ReadOnlySpan<byte> frame, bool more = false)
    {
        using var lease = _handle.Acquire();
        if (!SendFrame(lease.Raw, frame, more ? ZmqConstants.SendMore : 0))
        {
            throw SendTimedOut();
        }
    }

    /// <summary>Sends one frame without blocking; returns false when the peer's queue is full or no peer is connected (EAGAIN).</summary>
    public bool TrySend(ReadOnlySpan<byte> frame, bool more = false)
    {
        using var lease = _handle.Acquire();
        return SendFrame(lease.Raw, frame, ZmqConstants.DontWait | (more ? ZmqConstants.SendMore : 0));
    }

    /// <summary>Sends all <paramref name="frames"/> as one multipart message, blocking while the queue is full.</summary>
    public void SendMultipart(params ReadOnlySpan<ReadOnlyMemory<byte>> frames)
    {
        if (!SendMultipartCore(frames, 0))
        {
            throw SendTimedOut();
        }
    }

    /// <summary>
    /// Sends all <paramref name="frames"/> as one multipart message if it can be queued now; returns false (nothing
    /// sent) otherwise. libzmq queues a multipart message atomically, so once the first frame is accepted the rest are.
    /// </summary>
    public bool TrySendMultipart(params ReadOnlySpan<ReadOnlyMemory<byte>> frames) => SendMultipartCore(frames, ZmqConstants.DontWait);

    /// <summary>
    /// Starts publishing this socket's <paramref name="events"/> and returns a monitor reading them (a PAIR socket of
    /// the same context). Call from the thread that owns this socket, before the bind or connect whose events matter
    /// (events raised before the monitor's PAIR is connected are lost); read the monitor from one thread. Monitoring
    /// ends when this socket is closed.
    /// </summary>
    public ZmqMonitor Monitor(ZmqSocketEvents events = ZmqSocketEvents.All)
    {
        var endpoint = $"inproc://casparian-monitor-{Guid.NewGuid():N}";
        using (var lease = _handle.Acquire())
        {
            if (ZmqNative.SocketMonitor(lease.Raw, endpoint, (int)events) != 0)
            {
                throw new ZmqException($"zmq_socket_monitor {Type}", Marshal.GetLastPInvokeError());
            }
        }
        var pair = _context.CreateSocket(ZmqSocketType.Pair);
        try
        {
            pair.Connect(endpoint);
            return new ZmqMonitor(pair);
        }
        catch
        {
            pair.Dispose();
            throw;
        }
    }

    /// <summary>Closes the socket (LINGER applies, 0 by default). Safe to call more than once.</summary>
    public void Dispose()
    {
        _context.Forget(this);
        _handle.Dispose();
    }

    /// <summary>
    /// Sets LINGER 0 on behalf of a disposing context, possibly from another thread: libzmq keeps the linger in an
    /// atomic for exactly this. Failure (the socket being closed meanwhile) needs no handling, the close follows anyway.
    /// </summary>
    internal void DropUnsentOnClose()
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            // Its owner closed it meanwhile: nothing is left to linger.
            return;
        }
        var zero = 0;
        _ = ZmqNative.SetSockOpt(_handle.DangerousGetHandle(), ZmqConstants.Linger, &zero, sizeof(int));
        _handle.DangerousRelease();
    }

    private bool ReceiveCore(ZmqMultipartMessage message, int flags)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Clear();
        using var lease = _handle.Acquire();
        ZmqMsg msg;
        ZmqNative.MsgInit(&msg);
        try
        {
            if (!ReceiveFrame(lease.Raw, &msg, flags))
            {
                return false;
            }
            var rejected = false;
            while (true)
            {
                var size = ZmqNative.MsgSize(&msg);
                if (!rejected && message.CanAppend(size))
                {
                    message.Append(new ReadOnlySpan<byte>(ZmqNative.MsgData(&msg), (int)size));
                }
                else
                {
                    rejected = true;
                }
                if (ZmqNative.MsgMore(&msg) == 0)
                {
                    break;
                }
                // The remaining frames of a multipart message arrive with the first, so blocking here cannot stall.
                ReceiveFrame(lease.Raw, &msg, 0);
            }
            if (rejected)
            {
                // The whole message was drained, so the socket stays in step with message boundaries.
                message.Clear();
                throw new ZmqMessageTooLargeException(Type, message.MaxFrames, message.MaxFrameLength);
            }
            return true;
        }
        finally
        {
            ZmqNative.MsgClose(&msg);
        }
    }

    private bool ReceiveFrame(nint socket, ZmqMsg* msg, int flags)
    {
        while (ZmqNative.MsgRecv(msg, socket, flags) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == ZmqErrno.EAGAIN)
            {
                return false;
            }
            if (errno != ZmqErrno.EINTR)
            {
                throw new ZmqException($"zmq_msg_recv on {Type}", errno);
            }
        }
        return true;
    }

    private bool SendMultipartCore(ReadOnlySpan<ReadOnlyMemory<byte>> frames, int firstFlags)
    {
        if (frames.IsEmpty)
        {
            throw new ArgumentException("A message needs at least one frame.", nameof(frames));
        }
        using var lease = _handle.Acquire();
        var last = frames.Length - 1;
        if (!SendFrame(lease.Raw, frames[0].Span, firstFlags | (last > 0 ? ZmqConstants.SendMore : 0)))
        {
            return false;
        }
        for (var i = 1; i <= last; i++)
        {
            if (!SendFrame(lease.Raw, frames[i].Span, i < last ? ZmqConstants.SendMore : 0))
            {
                throw SendTimedOut();
            }
        }
        return true;
    }

    private bool SendFrame(nint socket, ReadOnlySpan<byte> frame, int flags)
    {
        ZmqMsg msg;
        if (ZmqNative.MsgInitSize(&msg, (nuint)frame.Length) != 0)
        {
            throw new ZmqException($"zmq_msg_init_size {frame.Length}", Marshal.GetLastPInvokeError());
        }
        frame.CopyTo(new Span<byte>(ZmqNative.MsgData(&msg), frame.Length));
        // On success libzmq owns the content and leaves msg empty; on failure we still own it and must close it.
        while (ZmqNative.MsgSend(&msg, socket, flags) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == ZmqErrno.EINTR)
            {
                continue;
            }
            ZmqNative.MsgClose(&msg);
            return errno == ZmqErrno.EAGAIN ? false : throw new ZmqException($"zmq_msg_send on {Type}", errno);
        }
        return true;
    }

    private TimeoutException SendTimedOut() =>
        new($"The {Type} socket could not queue the message within its send timeout ({SendTimeout}): the peer's queue is full (SNDHWM) or no peer is connected.");

    private void EndpointCall(string endpoint, string operation, Func<nint, string, int> call)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        using var lease = _handle.Acquire();
        if (call(lease.Raw, endpoint) != 0)
        {
            throw new ZmqException($"{operation} {endpoint}", Marshal.GetLastPInvokeError());
        }
    }
}
