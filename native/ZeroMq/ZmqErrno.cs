namespace Casparian.Native.ZeroMq;

/// <summary>errno values libzmq reports on Linux (system ones from errno.h, native ones from ZMQ_HAUSNUMERO).</summary>
public static class ZmqErrno
{
    /// <summary>Interrupted by a signal; the binding retries.</summary>
    public const int EINTR = 4;
    /// <summary>Would block (non-blocking call) or the send/receive timeout elapsed.</summary>
    public const int EAGAIN = 11;
    /// <summary>An argument (endpoint, option value) is invalid.</summary>
    public const int EINVAL = 22;
    /// <summary>The endpoint's address is already in use.</summary>
    public const int EADDRINUSE = 98;
    /// <summary>The socket was already closed.</summary>
    public const int ENOTSOCK = 88;
    /// <summary>ROUTER_MANDATORY: no connected peer has this routing id.</summary>
    public const int EHOSTUNREACH = 113;
    /// <summary>The context was shut down or terminated.</summary>
    public const int ETERM = 156384712 + 53;
    /// <summary>The socket is in the wrong state for this operation.</summary>
    public const int EFSM = 156384712 + 51;
}
