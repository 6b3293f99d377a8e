using Casparian.Protocol.Wire;

namespace Casparian.Protocol.Messages;

/// <summary>BYE (W→S): the worker drains: it finishes running jobs and takes no new ones.</summary>
public sealed record ByeMessage : WireMessage
{
    protected override Opcode WireOpcode => Opcode.Bye;

    public string Reason { get; init; } = "";
}
