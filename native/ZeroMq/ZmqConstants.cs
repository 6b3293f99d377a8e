namespace Casparian.Native.ZeroMq;

/// <summary>Numeric constants of libzmq 4.3 (zmq.h) used by this binding.</summary>
internal static class ZmqConstants
{
    // Context options.
    public const int IoThreads = 1;
    public const int MaxSockets = 2;

    // Send and receive flags.
    public const int DontWait = 1;
    public const int SendMore = 2;

    // Poll events.
    public const short PollIn = 1;
    public const short PollOut = 2;

    // Socket options.
    public const int RoutingId = 5;
    public const int Type = 16;
    public const int Linger = 17;
    public const int ReconnectIvl = 18;
    public const int ReconnectIvlMax = 21;
    public const int MaxMsgSize = 22;
    public const int SndHwm = 23;
    public const int RcvHwm = 24;
    public const int RcvTimeo = 27;
    public const int SndTimeo = 28;
    public const int LastEndpoint = 32;
    public const int RouterMandatory = 33;
    public const int Immediate = 39;
    public const int CurveServer = 47;
    public const int CurvePublicKey = 48;
    public const int CurveSecretKey = 49;
    public const int CurveServerKey = 50;
    public const int HeartbeatIvl = 75;
    public const int HeartbeatTtl = 76;
    public const int HeartbeatTimeout = 77;
}
