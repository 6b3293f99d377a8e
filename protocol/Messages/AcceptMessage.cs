using Casparian.Protocol.Wire;

namespace Casparian.Protocol.Messages;

/// <summary>ACCEPT (W→S): the worker started the job in the header (Dispatched → Running).</summary>
public sealed record AcceptMessage : WireMessage
{
    protected override Opcode WireOpcode => Opcode.Accept;

    public required int Attempt { get; init; }

    public override void Validate() => Require(Attempt >= 1, "meta.attempt", "must be at least 1");
}
