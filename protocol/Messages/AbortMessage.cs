using Casparian.Protocol.Wire;

namespace Casparian.Protocol.Messages;

/// <summary>ABORT (S→W): stop the job in the header now; nothing of it may be committed afterwards.</summary>
public sealed record AbortMessage : WireMessage
{
    protected override Opcode WireOpcode => Opcode.Abort;

    /// <summary>Why, for the logs: e.g. <c>cancelled by operator</c>.</summary>
    public string Reason { get; init; } = "";
}
