using Microsoft.Win32.SafeHandles;

namespace Casparian.Native.ZeroMq;

/// <summary>
/// Owns a libzmq socket. Releasing it closes the socket (zmq_close) and then drops its reference on the context.
/// Because callers lease the handle around every native call, a Dispose from another thread while a call is in
/// flight defers the zmq_close until that call returns, instead of closing a socket under a running call.
/// </summary>
internal sealed class ZmqSocketHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly ZmqContextHandle? _context;

    public ZmqSocketHandle() : base(ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of <paramref name="raw"/> and of one reference the caller already added on <paramref name="context"/>.</summary>
    internal ZmqSocketHandle(nint raw, ZmqContextHandle context) : base(ownsHandle: true)
    {
        SetHandle(raw);
        _context = context;
    }

    /// <summary>Leases the raw pointer for the duration of a native call (throws ObjectDisposedException once closed).</summary>
    internal Lease Acquire() => new(this);

    protected override bool ReleaseHandle()
    {
        var closed = ZmqNative.Close(handle) == 0;
        _context?.DangerousRelease();
        return closed;
    }

    /// <summary>A reference on the handle that keeps the socket open while native code uses it.</summary>
    internal readonly ref struct Lease
    {
        private readonly ZmqSocketHandle _owner;

        public Lease(ZmqSocketHandle owner)
        {
            var added = false;
            owner.DangerousAddRef(ref added);
            _owner = owner;
            Raw = owner.DangerousGetHandle();
        }

        public nint Raw { get; }

        public void Dispose() => _owner.DangerousRelease();
    }
}
