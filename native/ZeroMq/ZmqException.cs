using System.Runtime.InteropServices;

namespace Casparian.Native.ZeroMq;

/// <summary>
/// A libzmq call failed. Carries the errno and libzmq's own text for it (zmq_strerror); the message names the
/// operation and, for the common cases, says what to do.
/// </summary>
public sealed class ZmqException : Exception
{
    public ZmqException()
    {
    }

    public ZmqException(string message) : base(message)
    {
    }

    public ZmqException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="operation"/> failing with <paramref name="errno"/>.</summary>
    public ZmqException(string operation, int errno)
        : base($"{operation} failed: {Describe(errno)} (errno {errno}).{Advice(errno)}")
    {
        Operation = operation;
        Errno = errno;
        ErrorText = Describe(errno);
    }

    /// <summary>The failing call and its subject, e.g. <c>zmq_bind tcp://127.0.0.1:5555</c>.</summary>
    public string Operation { get; } = "";

    /// <summary>The errno libzmq reported (see <see cref="ZmqErrno"/>).</summary>
    public int Errno { get; }

    /// <summary>libzmq's description of <see cref="Errno"/> (zmq_strerror).</summary>
    public string ErrorText { get; } = "";

    /// <summary>True when the context was shut down or terminated: the socket must now be closed.</summary>
    public bool IsContextTerminated => Errno == ZmqErrno.ETERM;

    /// <summary>libzmq's text for an errno; zmq_strerror returns a static string that must not be freed.</summary>
    public static string Describe(int errno) => Marshal.PtrToStringUTF8(ZmqNative.StrError(errno)) ?? $"errno {errno}";

    private static string Advice(int errno) => errno switch
    {
        ZmqErrno.ETERM => " The context was shut down; close the socket.",
        ZmqErrno.ENOTSOCK => " The socket was already closed.",
        ZmqErrno.EHOSTUNREACH => " No connected peer has this routing id (ROUTER_MANDATORY is on); drop the message or wait for the peer.",
        ZmqErrno.EADDRINUSE => " Another socket already listens there; bind to port * to let the system pick a free one.",
        ZmqErrno.EINVAL => " Check the endpoint syntax (e.g. tcp://127.0.0.1:5555) or the option value.",
        _ => "",
    };
}
