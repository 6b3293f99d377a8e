using Casparian.Protocol.Wire;

namespace Casparian.Broker.Transport;

/// <summary>How the Sentinel's ROUTER socket listens.</summary>
public sealed record RouterOptions
{
    /// <summary>Where to listen; <c>tcp://127.0.0.1:*</c> picks a free port (see <see cref="RouterEndpoint.BoundEndpoint"/>).</summary>
    public string Bind { get; init; } = "tcp://127.0.0.1:5555";

    /// <summary>Length limits checked before allocation.</summary>
    public WireLimits Limits { get; init; } = WireLimits.Default;

    /// <summary>Queue depth per peer, each way.</summary>
    public int HighWatermark { get; init; } = 100_000;

    /// <summary>CURVE server secret key (Z85); when set, only CURVE clients that know the public key can talk.</summary>
    public string? CurveSecretKey { get; init; }

    /// <summary>CURVE server public key (Z85), required with <see cref="CurveSecretKey"/>.</summary>
    public string? CurvePublicKey { get; init; }
}
