using System.Net;

namespace Casparian.Broker.Api;

/// <summary>Where the HTTP control API listens.</summary>
public sealed record ControlApiOptions
{
    /// <summary>The default address: loopback only, so the open GET routes are not reachable from other hosts.</summary>
    public const string DefaultAddress = "127.0.0.1:8080";

    /// <summary>The address to bind; port 0 picks a free one.</summary>
    public IPEndPoint Endpoint { get; init; } = IPEndPoint.Parse(DefaultAddress);

    /// <summary>Parses <c>HOST:PORT</c> (an IP address, or <c>localhost</c>).</summary>
    /// <exception cref="FormatException">Not an address and port.</exception>
    public static IPEndPoint ParseAddress(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var text = address.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" + address["localhost".Length..] : address;
        if (!IPEndPoint.TryParse(text, out var endpoint) || !text.Contains(':', StringComparison.Ordinal))
        {
            throw new FormatException($"--http '{address}' is not HOST:PORT (e.g. 127.0.0.1:8080; port 0 picks a free one)");
        }
        return endpoint;
    }
}
