namespace Casparian.Native.ZeroMq;

/// <summary>Events a socket can be polled for.</summary>
[Flags]
public enum ZmqPollEvents : short
{
    /// <summary>No event.</summary>
    None = 0,
    /// <summary>At least one message can be received without blocking.</summary>
    In = ZmqConstants.PollIn,
    /// <summary>At least one message can be sent without blocking.</summary>
    Out = ZmqConstants.PollOut,
}
