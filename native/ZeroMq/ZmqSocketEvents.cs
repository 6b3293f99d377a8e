namespace Casparian.Native.ZeroMq;

/// <summary>Socket monitor events (ZMQ_EVENT_* of libzmq 4.3); combine them to choose what a monitor reports.</summary>
[Flags]
public enum ZmqSocketEvents : ushort
{
    /// <summary>No event.</summary>
    None = 0,
    /// <summary>A connect completed (value: file descriptor).</summary>
    Connected = 0x0001,
    /// <summary>A connect is in progress (value: errno).</summary>
    ConnectDelayed = 0x0002,
    /// <summary>A reconnect was scheduled (value: interval in ms).</summary>
    ConnectRetried = 0x0004,
    /// <summary>A bind succeeded (value: file descriptor).</summary>
    Listening = 0x0008,
    /// <summary>A bind failed (value: errno).</summary>
    BindFailed = 0x0010,
    /// <summary>A peer connection was accepted (value: file descriptor).</summary>
    Accepted = 0x0020,
    /// <summary>Accepting a connection failed (value: errno).</summary>
    AcceptFailed = 0x0040,
    /// <summary>A connection was closed (value: file descriptor).</summary>
    Closed = 0x0080,
    /// <summary>Closing a connection failed (value: errno).</summary>
    CloseFailed = 0x0100,
    /// <summary>A session broke off unexpectedly (value: file descriptor).</summary>
    Disconnected = 0x0200,
    /// <summary>Monitoring stopped; no more events follow.</summary>
    MonitorStopped = 0x0400,
    /// <summary>The security handshake failed without a specific reason (value: errno).</summary>
    HandshakeFailedNoDetail = 0x0800,
    /// <summary>The security handshake succeeded.</summary>
    HandshakeSucceeded = 0x1000,
    /// <summary>The peer violated the ZMTP security handshake (value: ZMQ_PROTOCOL_ERROR_* code).</summary>
    HandshakeFailedProtocol = 0x2000,
    /// <summary>Authentication failed (value: ZAP status code).</summary>
    HandshakeFailedAuth = 0x4000,
    /// <summary>Every handshake failure.</summary>
    HandshakeFailed = HandshakeFailedNoDetail | HandshakeFailedProtocol | HandshakeFailedAuth,
    /// <summary>Every event.</summary>
    All = 0xFFFF,
}
