using Casparian.Protocol.Wire;

namespace Casparian.Worker.Transport;

/// <summary>How a worker's DEALER reaches the Sentinel.</summary>
public sealed record DealerOptions
{
    /// <summary>The Sentinel's endpoint, e.g. <c>tcp://sentinel:5555</c>.</summary>
    public required string Connect { get; init; }

    /// <summary>The worker id, used as the socket's routing id so the Sentinel knows it across reconnects.</summary>
    public required string WorkerId { get; init; }

    /// <summary>Length limits checked before allocation.</summary>
    public WireLimits Limits { get; init; } = WireLimits.Default;

    /// <summary>First reconnect delay; libzmq doubles it up to <see cref="ReconnectMax"/>.</summary>
    public TimeSpan ReconnectInitial { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest reconnect delay (the backoff cap).</summary>
    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Queue depth each way.</summary>
    public int HighWatermark { get; init; } = 100_000;

    /// <summary>The Sentinel's CURVE public key (Z85); when set the connection is encrypted and authenticated.</summary>
    public string? CurveServerKey { get; init; }

    /// <summary>This worker's CURVE key pair (Z85), required with <see cref="CurveServerKey"/>.</summary>
    public string? CurvePublicKey { get; init; }

    /// <inheritdoc cref="CurvePublicKey"/>
    public string? CurveSecretKey { get; init; }
}
