using Casparian.Protocol.Wire;

namespace Casparian.Broker.Transport;

/// <summary>A validated message from a peer, handed from the socket thread to the Sentinel.</summary>
public sealed record InboundMessage(PeerId Peer, DecodedMessage Message);
