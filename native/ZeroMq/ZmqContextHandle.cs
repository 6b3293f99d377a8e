using Microsoft.Win32.SafeHandles;

namespace Casparian.Native.ZeroMq;

/// <summary>
/// Owns a libzmq context. zmq_ctx_term blocks until every socket of the context is closed, so each
/// <see cref="ZmqSocketHandle"/> holds a reference on this handle: the term runs only after the last socket's
/// zmq_close, and therefore never waits.
/// </summary>
internal sealed class ZmqContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ZmqContextHandle() : base(ownsHandle: true)
    {
    }

    internal ZmqContextHandle(nint raw) : base(ownsHandle: true) => SetHandle(raw);

    protected override bool ReleaseHandle()
    {
        while (ZmqNative.CtxTerm(handle) != 0)
        {
            if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != ZmqErrno.EINTR)
            {
                return false;
            }
        }
        return true;
    }
}
