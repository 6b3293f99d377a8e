namespace Casparian.Protocol.Messages;

/// <summary>What one output of a completed job committed.</summary>
public sealed record OutputReceipt
{
    public required string Name { get; init; }

    public required string OutputTargetKey { get; init; }

    public required string MaterializationKey { get; init; }

    public long Rows { get; init; }

    public long QuarantinedRows { get; init; }
}
