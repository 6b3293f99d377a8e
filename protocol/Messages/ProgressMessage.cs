using Casparian.Protocol.Wire;

namespace Casparian.Protocol.Messages;

/// <summary>PROGRESS (W→S): rows and bytes done so far, for ETAs.</summary>
public sealed record ProgressMessage : WireMessage
{
    protected override Opcode WireOpcode => Opcode.Progress;

    public required int Attempt { get; init; }

    public long Rows { get; init; }

    public long Bytes { get; init; }

    /// <summary>Total input bytes when known.</summary>
    public long? TotalBytes { get; init; }

    public override void Validate()
    {
        Require(Attempt >= 1, "meta.attempt", "must be at least 1");
        Require(Rows >= 0 && Bytes >= 0, "meta.rows", "counts must not be negative");
    }
}
