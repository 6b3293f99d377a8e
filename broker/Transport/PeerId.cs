using System.Text;

namespace Casparian.Broker.Transport;

/// <summary>
/// A peer's ZeroMQ routing id. Workers set it to their worker id, so it is stable across reconnects and printable;
/// anything else (a rogue client) is shown in hex.
/// </summary>
public readonly struct PeerId : IEquatable<PeerId>
{
    private readonly byte[] _bytes;
    private readonly int _hash;

    public PeerId(ReadOnlySpan<byte> routingId)
    {
        _bytes = routingId.ToArray();
        var hash = new HashCode();
        hash.AddBytes(routingId);
        _hash = hash.ToHashCode();
    }

    /// <summary>The routing id frame to send back to this peer.</summary>
    public ReadOnlyMemory<byte> RoutingId => _bytes;

    public bool Equals(PeerId other) => _hash == other._hash && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => obj is PeerId other && Equals(other);

    public override int GetHashCode() => _hash;

    public override string ToString()
    {
        var bytes = _bytes ?? [];
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7e)
            {
                return "0x" + Convert.ToHexStringLower(bytes);
            }
        }
        return Encoding.ASCII.GetString(bytes);
    }

    public static bool operator ==(PeerId left, PeerId right) => left.Equals(right);

    public static bool operator !=(PeerId left, PeerId right) => !left.Equals(right);
}
