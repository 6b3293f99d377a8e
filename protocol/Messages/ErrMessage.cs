using Casparian.Protocol.Wire;

namespace Casparian.Protocol.Messages;

/// <summary>ERR (both ways): the peer's last message was rejected; the sender may drop the peer afterwards.</summary>
public sealed record ErrMessage : WireMessage
{
    protected override Opcode WireOpcode => Opcode.Err;

    /// <summary>The <see cref="ProtocolError"/> name, e.g. <c>BadVersion</c>.</summary>
    public required string Code { get; init; }

    public string Message { get; init; } = "";
}
