namespace Casparian.Protocol.Wire;

/// <summary>
/// Upper bounds checked before anything is allocated for a received message. Sockets should also set ZMQ_MAXMSGSIZE
/// to <see cref="MaxFrameBytes"/> so libzmq drops an oversize frame before it reaches us.
/// </summary>
public sealed record WireLimits
{
    /// <summary>The defaults: 1 MiB meta, 16 body frames, 64 MiB of body.</summary>
    public static WireLimits Default { get; } = new();

    /// <summary>Largest accepted meta frame (DESIGN §3: default 1 MiB).</summary>
    public int MaxMetaBytes { get; init; } = 1 << 20;

    /// <summary>Most body frames after header and meta.</summary>
    public int MaxBodyFrames { get; init; } = 16;

    /// <summary>Largest total of body frame bytes.</summary>
    public long MaxBodyBytes { get; init; } = 64L << 20;

    /// <summary>The largest single frame a socket should accept.</summary>
    public long MaxFrameBytes => Math.Max(MaxMetaBytes, MaxBodyBytes);
}
