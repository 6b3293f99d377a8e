using System.Runtime.InteropServices;

namespace Casparian.Native.ZeroMq;

/// <summary>
/// The libzmq 4.3 C API, one declaration per function used. Sockets and contexts are passed as raw pointers: the
/// managed wrappers hold a SafeHandle lease around each call (one lease per multipart message, not per frame), which
/// is also what zmq_poll needs. Calls that can fail capture errno at once (SetLastError) so no runtime work in
/// between can overwrite it. Trivial accessors of <c>zmq_msg_t</c> skip the GC transition: they neither block nor
/// call back.
/// </summary>
internal static unsafe partial class ZmqNative
{
    // ---- errors and version ----
    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_strerror")]
    internal static partial nint StrError(int errnum);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_version")]
    internal static partial void Version(int* major, int* minor, int* patch);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_has", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Has(string capability);

    // ---- context ----
    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_ctx_new", SetLastError = true)]
    internal static partial nint CtxNew();

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_ctx_set", SetLastError = true)]
    internal static partial int CtxSet(nint context, int option, int value);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_ctx_get", SetLastError = true)]
    internal static partial int CtxGet(nint context, int option);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_ctx_shutdown", SetLastError = true)]
    internal static partial int CtxShutdown(nint context);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_ctx_term", SetLastError = true)]
    internal static partial int CtxTerm(nint context);

    // ---- sockets ----
    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_socket", SetLastError = true)]
    internal static partial nint Socket(nint context, int type);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_close", SetLastError = true)]
    internal static partial int Close(nint socket);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(nint socket, int option, void* value, nuint length);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_getsockopt", SetLastError = true)]
    internal static partial int GetSockOpt(nint socket, int option, void* value, nuint* length);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_bind", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Bind(nint socket, string endpoint);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_connect", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Connect(nint socket, string endpoint);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_unbind", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Unbind(nint socket, string endpoint);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_disconnect", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Disconnect(nint socket, string endpoint);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_socket_monitor", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SocketMonitor(nint socket, string? endpoint, int events);

    // ---- messages (zmq_msg_t lives on the caller's stack) ----
    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_msg_init")]
    [SuppressGCTransition]
    internal static partial int MsgInit(ZmqMsg* msg);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_msg_init_size", SetLastError = true)]
    internal static partial int MsgInitSize(ZmqMsg* msg, nuint size);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_msg_send", SetLastError = true)]
    internal static partial int MsgSend(ZmqMsg* msg, nint socket, int flags);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_msg_recv", SetLastError = true)]
    internal static partial int MsgRecv(ZmqMsg* msg, nint socket, int flags);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_msg_close")]
    internal static partial int MsgClose(ZmqMsg* msg);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_msg_data")]
    [SuppressGCTransition]
    internal static partial byte* MsgData(ZmqMsg* msg);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_msg_size")]
    [SuppressGCTransition]
    internal static partial nuint MsgSize(ZmqMsg* msg);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_msg_more")]
    [SuppressGCTransition]
    internal static partial int MsgMore(ZmqMsg* msg);

    // ---- polling ----
    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_poll", SetLastError = true)]
    internal static partial int Poll(ZmqPollItem* items, int count, CLong timeoutMilliseconds);

    // ---- CURVE and Z85 ----
    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_curve_keypair", SetLastError = true)]
    internal static partial int CurveKeypair(byte* z85PublicKey, byte* z85SecretKey);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_z85_encode")]
    internal static partial nint Z85Encode(byte* destination, byte* data, nuint size);

    [LibraryImport(NativeLibraries.ZeroMqImport, EntryPoint = "zmq_z85_decode")]
    internal static partial nint Z85Decode(byte* destination, byte* text);
}
