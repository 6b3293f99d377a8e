using System.Runtime.InteropServices;

namespace Casparian.Native.ZeroMq;

/// <summary>
/// A libzmq context: the I/O threads and the factory of sockets.
/// <para>Ownership rules (they keep shutdown from hanging):</para>
/// <list type="bullet">
/// <item>The context is thread-safe; each <see cref="ZmqSocket"/> it creates lives on one thread.</item>
/// <item>Every socket is created with LINGER 0, so closing it never waits for unsent messages.</item>
/// <item>To flush queued messages on exit, give a socket a LINGER and dispose it before the context; termination then
/// waits for at most that linger.</item>
/// <item>The context tracks its sockets. <see cref="Dispose"/> sets LINGER 0 on the sockets still open (their unsent
/// messages are dropped), shuts the context down (every blocking call on any socket returns with ETERM at once),
/// closes those sockets, and terminates the context only after the last one is closed. Disposing a context with open
/// sockets, or while another thread is blocked in a receive, therefore returns promptly.</item>
/// </list>
/// </summary>
public sealed class ZmqContext : IDisposable
{
    private readonly ZmqContextHandle _handle;
    private readonly HashSet<ZmqSocket> _sockets = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Creates a context with <paramref name="ioThreads"/> I/O threads and room for <paramref name="maxSockets"/> sockets.</summary>
    public ZmqContext(int ioThreads = 1, int maxSockets = 1023)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ioThreads, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSockets, 1);
        var raw = ZmqNative.CtxNew();
        if (raw == 0)
        {
            throw new ZmqException("zmq_ctx_new", Marshal.GetLastPInvokeError());
        }
        _handle = new ZmqContextHandle(raw);
        Set(ZmqConstants.IoThreads, ioThreads, nameof(ZmqConstants.IoThreads));
        Set(ZmqConstants.MaxSockets, maxSockets, nameof(ZmqConstants.MaxSockets));
    }

    /// <summary>The number of I/O threads (ZMQ_IO_THREADS).</summary>
    public int IoThreads => Get(ZmqConstants.IoThreads);

    /// <summary>The maximum number of sockets (ZMQ_MAX_SOCKETS).</summary>
    public int MaxSockets => Get(ZmqConstants.MaxSockets);

    /// <summary>The number of sockets of this context not yet disposed.</summary>
    public int OpenSocketCount
    {
        get
        {
            lock (_gate)
            {
                return _sockets.Count;
            }
        }
    }

    /// <summary>Creates a socket of <paramref name="type"/> with LINGER 0; it must be used from one thread at a time.</summary>
    public ZmqSocket CreateSocket(ZmqSocketType type)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var added = false;
            _handle.DangerousAddRef(ref added);
            var raw = ZmqNative.Socket(_handle.DangerousGetHandle(), (int)type);
            if (raw == 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                _handle.DangerousRelease();
                throw new ZmqException($"zmq_socket {type}", errno);
            }
            var handle = new ZmqSocketHandle(raw, _handle);
            try
            {
                var socket = new ZmqSocket(this, handle, type);
                _sockets.Add(socket);
                return socket;
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Shuts the context down without closing anything: every blocking call on its sockets returns ETERM (surfacing
    /// as <see cref="ZmqException.IsContextTerminated"/>) and new sockets can no longer be created.
    /// </summary>
    public void Shutdown()
    {
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            if (ZmqNative.CtxShutdown(_handle.DangerousGetHandle()) != 0)
            {
                throw new ZmqException("zmq_ctx_shutdown", Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _handle.DangerousRelease();
        }
    }

    /// <summary>Shuts down, closes the sockets still open, and terminates the context once the last one is closed.</summary>
    public void Dispose()
    {
        ZmqSocket[] open;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            open = [.. _sockets];
        }
        foreach (var socket in open)
        {
            // Before the shutdown: afterwards libzmq refuses every socket call but zmq_close.
            socket.DropUnsentOnClose();
        }
        Shutdown();
        foreach (var socket in open)
        {
            socket.Dispose();
        }
        _handle.Dispose();
    }

    internal void Forget(ZmqSocket socket)
    {
        lock (_gate)
        {
            _sockets.Remove(socket);
        }
    }

    private void Set(int option, int value, string name)
    {
        if (ZmqNative.CtxSet(_handle.DangerousGetHandle(), option, value) != 0)
        {
            throw new ZmqException($"zmq_ctx_set {name}={value}", Marshal.GetLastPInvokeError());
        }
    }

    private int Get(int option)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var value = ZmqNative.CtxGet(_handle.DangerousGetHandle(), option);
        return value >= 0 ? value : throw new ZmqException("zmq_ctx_get", Marshal.GetLastPInvokeError());
    }
}
