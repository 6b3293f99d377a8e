using Casparian.Protocol.Messages;

namespace Casparian.Protocol.Wire;

/// <summary>
/// A validated message: its header, its typed meta and its body frames. The body frames are slices of the received
/// frames, valid as long as the caller keeps those buffers.
/// </summary>
public sealed record DecodedMessage(FrameHeader Header, WireMessage Message, IReadOnlyList<ReadOnlyMemory<byte>> Body)
{
    /// <summary>The job the message is about (0 when none).</summary>
    public ulong JobId => Header.JobId;
}
