using System.Runtime.InteropServices;
using System.Text;

namespace Casparian.Native.ZeroMq;

/// <summary>Socket options (zmq_setsockopt / zmq_getsockopt) as typed properties.</summary>
public sealed unsafe partial class ZmqSocket
{
    /// <summary>The most bytes libzmq allows in a routing id.</summary>
    public const int MaxRoutingIdLength = 255;

    /// <summary>The endpoint last bound or connected, with the real port after a <c>tcp://host:*</c> bind (ZMQ_LAST_ENDPOINT).</summary>
    public string LastEndpoint
    {
        get
        {
            // Longest endpoint string libzmq produces is far below this; the value is NUL-terminated.
            const int capacity = 1024;
            var buffer = stackalloc byte[capacity];
            var length = GetBytes(ZmqConstants.LastEndpoint, buffer, capacity);
            return Encoding.UTF8.GetString(buffer, length > 0 && buffer[length - 1] == 0 ? length - 1 : length);
        }
    }

    /// <summary>How long a closing socket keeps trying to deliver queued messages (ZMQ_LINGER); 0 by default here, infinite is <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public TimeSpan Linger
    {
        get => GetDuration(ZmqConstants.Linger);
        set => SetDuration(ZmqConstants.Linger, value, nameof(Linger));
    }

    /// <summary>How long a blocking receive waits before <see cref="Receive"/> throws <see cref="TimeoutException"/> (ZMQ_RCVTIMEO); infinite by default.</summary>
    public TimeSpan ReceiveTimeout
    {
        get => GetDuration(ZmqConstants.RcvTimeo);
        set => SetDuration(ZmqConstants.RcvTimeo, value, nameof(ReceiveTimeout));
    }

    /// <summary>How long a blocking send waits for queue room (ZMQ_SNDTIMEO); infinite by default.</summary>
    public TimeSpan SendTimeout
    {
        get => GetDuration(ZmqConstants.SndTimeo);
        set => SetDuration(ZmqConstants.SndTimeo, value, nameof(SendTimeout));
    }

    /// <summary>Interval of ZMTP PING heartbeats (ZMQ_HEARTBEAT_IVL); zero disables them.</summary>
    public TimeSpan HeartbeatInterval
    {
        get => GetDuration(ZmqConstants.HeartbeatIvl);
        set => SetDuration(ZmqConstants.HeartbeatIvl, value, nameof(HeartbeatInterval));
    }

    /// <summary>How long the peer may wait for our next heartbeat before dropping us (ZMQ_HEARTBEAT_TTL, 100 ms resolution).</summary>
    public TimeSpan HeartbeatTtl
    {
        get => GetDuration(ZmqConstants.HeartbeatTtl);
        set => SetDuration(ZmqConstants.HeartbeatTtl, value, nameof(HeartbeatTtl));
    }

    /// <summary>How long to wait for any traffic after a PING before closing the connection (ZMQ_HEARTBEAT_TIMEOUT).</summary>
    public TimeSpan HeartbeatTimeout
    {
        get => GetDuration(ZmqConstants.HeartbeatTimeout);
        set => SetDuration(ZmqConstants.HeartbeatTimeout, value, nameof(HeartbeatTimeout));
    }

    /// <summary>Initial delay between reconnection attempts (ZMQ_RECONNECT_IVL).</summary>
    public TimeSpan ReconnectInterval
    {
        get => GetDuration(ZmqConstants.ReconnectIvl);
        set => SetDuration(ZmqConstants.ReconnectIvl, value, nameof(ReconnectInterval));
    }

    /// <summary>Upper bound of the exponential reconnection back-off (ZMQ_RECONNECT_IVL_MAX); zero means no back-off.</summary>
    public TimeSpan ReconnectIntervalMax
    {
        get => GetDuration(ZmqConstants.ReconnectIvlMax);
        set => SetDuration(ZmqConstants.ReconnectIvlMax, value, nameof(ReconnectIntervalMax));
    }

    /// <summary>Most messages queued for sending per peer before sends block or fail (ZMQ_SNDHWM); 0 is unlimited.</summary>
    public int SendHighWatermark
    {
        get => GetInt32(ZmqConstants.SndHwm);
        set => SetInt32(ZmqConstants.SndHwm, NonNegative(value, nameof(SendHighWatermark)), nameof(SendHighWatermark));
    }

    /// <summary>Most messages queued on receipt per peer (ZMQ_RCVHWM); 0 is unlimited.</summary>
    public int ReceiveHighWatermark
    {
        get => GetInt32(ZmqConstants.RcvHwm);
        set => SetInt32(ZmqConstants.RcvHwm, NonNegative(value, nameof(ReceiveHighWatermark)), nameof(ReceiveHighWatermark));
    }

    /// <summary>
    /// Largest frame libzmq accepts from a peer (ZMQ_MAXMSGSIZE); a peer sending a larger one is disconnected before
    /// the frame is buffered. -1 (the default) is unlimited.
    /// </summary>
    public long MaxMessageSize
    {
        get
        {
            long value;
            GetFixed(ZmqConstants.MaxMsgSize, &value, sizeof(long));
            return value;
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, -1L);
            SetFixed(ZmqConstants.MaxMsgSize, &value, sizeof(long), nameof(MaxMessageSize));
        }
    }

    /// <summary>Queue messages only to completed connections (ZMQ_IMMEDIATE).</summary>
    public bool Immediate
    {
        get => GetInt32(ZmqConstants.Immediate) != 0;
        set => SetInt32(ZmqConstants.Immediate, value ? 1 : 0, nameof(Immediate));
    }

    /// <summary>Whether this socket is a CURVE server (ZMQ_CURVE_SERVER); set before bind.</summary>
    public bool CurveServer
    {
        get => GetInt32(ZmqConstants.CurveServer) != 0;
        set => SetInt32(ZmqConstants.CurveServer, value ? 1 : 0, nameof(CurveServer));
    }

    /// <summary>The routing id this socket announces to ROUTER peers (ZMQ_ROUTING_ID); empty means the ROUTER picks one.</summary>
    public byte[] GetRoutingId()
    {
        var buffer = stackalloc byte[MaxRoutingIdLength];
        return new ReadOnlySpan<byte>(buffer, GetBytes(ZmqConstants.RoutingId, buffer, MaxRoutingIdLength)).ToArray();
    }

    /// <summary>Sets the routing id (1 to 255 bytes, not starting with a zero byte); set before connect.</summary>
    public void SetRoutingId(ReadOnlySpan<byte> routingId)
    {
        if (routingId.IsEmpty || routingId.Length > MaxRoutingIdLength || routingId[0] == 0)
        {
            throw new ArgumentException($"A routing id must be 1 to {MaxRoutingIdLength} bytes and must not start with a zero byte (libzmq reserves those).", nameof(routingId));
        }
        fixed (byte* p = routingId)
        {
            SetFixed(ZmqConstants.RoutingId, p, routingId.Length, "RoutingId");
        }
    }

    /// <summary>ROUTER only: sending to an unknown routing id fails with EHOSTUNREACH instead of silently dropping (ZMQ_ROUTER_MANDATORY).</summary>
    public void SetRouterMandatory(bool on) => SetInt32(ZmqConstants.RouterMandatory, on ? 1 : 0, "RouterMandatory");

    /// <summary>This socket's CURVE long-term public key, Z85 text of 40 characters (ZMQ_CURVE_PUBLICKEY).</summary>
    public void SetCurvePublicKey(string z85) => SetCurveKey(ZmqConstants.CurvePublicKey, z85, "CurvePublicKey");

    /// <summary>This socket's CURVE long-term secret key, Z85 text of 40 characters (ZMQ_CURVE_SECRETKEY).</summary>
    public void SetCurveSecretKey(string z85) => SetCurveKey(ZmqConstants.CurveSecretKey, z85, "CurveSecretKey");

    /// <summary>Client only: the server's CURVE public key, Z85 text of 40 characters (ZMQ_CURVE_SERVERKEY); set before connect.</summary>
    public void SetCurveServerKey(string z85) => SetCurveKey(ZmqConstants.CurveServerKey, z85, "CurveServerKey");

    private void SetCurveKey(int option, string z85, string name)
    {
        ArgumentNullException.ThrowIfNull(z85);
        if (z85.Length != ZmqCurveKeyPair.Z85KeyLength)
        {
            throw new ArgumentException($"{name} must be a {ZmqCurveKeyPair.Z85KeyLength}-character Z85 key (from ZmqCurveKeyPair.Generate), not {z85.Length} characters.", nameof(z85));
        }
        var text = stackalloc byte[ZmqCurveKeyPair.Z85KeyLength];
        if (Encoding.ASCII.GetBytes(z85, new Span<byte>(text, ZmqCurveKeyPair.Z85KeyLength)) != ZmqCurveKeyPair.Z85KeyLength)
        {
            throw new ArgumentException($"{name} must be Z85 (ASCII) text.", nameof(z85));
        }
        SetFixed(option, text, ZmqCurveKeyPair.Z85KeyLength, name);
    }

    private static int NonNegative(int value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value, name);
        return value;
    }

    private TimeSpan GetDuration(int option)
    {
        var ms = GetInt32(option);
        return ms < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(ms);
    }

    private void SetDuration(int option, TimeSpan value, string name)
    {
        int ms;
        if (value == Timeout.InfiniteTimeSpan)
        {
            ms = -1;
        }
        else
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, name);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value.TotalMilliseconds, int.MaxValue, name);
            ms = (int)value.TotalMilliseconds;
        }
        SetInt32(option, ms, name);
    }

    private int GetInt32(int option)
    {
        int value;
        GetFixed(option, &value, sizeof(int));
        return value;
    }

    private void SetInt32(int option, int value, string name) => SetFixed(option, &value, sizeof(int), name);

    private void GetFixed(int option, void* value, int size)
    {
        var length = GetBytes(option, value, size);
        if (length != size)
        {
            throw new ZmqException($"zmq_getsockopt {option} returned {length} bytes instead of {size}");
        }
    }

    private int GetBytes(int option, void* buffer, int capacity)
    {
        var length = (nuint)capacity;
        using var lease = _handle.Acquire();
        if (ZmqNative.GetSockOpt(lease.Raw, option, buffer, &length) != 0)
        {
            throw new ZmqException($"zmq_getsockopt {option} on {Type}", Marshal.GetLastPInvokeError());
        }
        return (int)length;
    }

    private void SetFixed(int option, void* value, int size, string name)
    {
        using var lease = _handle.Acquire();
        if (ZmqNative.SetSockOpt(lease.Raw, option, value, (nuint)size) != 0)
        {
            throw new ZmqException($"zmq_setsockopt {name} on {Type}", Marshal.GetLastPInvokeError());
        }
    }
}
