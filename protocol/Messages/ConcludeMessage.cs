using Casparian.Protocol.Wire;

namespace Casparian.Protocol.Messages;

/// <summary>CONCLUDE (W→S): the receipt of the job in the header.</summary>
public sealed record ConcludeMessage : WireMessage
{
    protected override Opcode WireOpcode => Opcode.Conclude;

    /// <summary>The lease this receipt is for (from DISPATCH).</summary>
    public required int Attempt { get; init; }

    public required ConcludeStatus Status { get; init; }

    /// <summary>BLAKE3 (hex) of the bytes the worker actually read.</summary>
    public string? SourceHash { get; init; }

    public IReadOnlyList<OutputReceipt> Outputs { get; init; } = [];

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Set unless the status is Completed.</summary>
    public JobError? Error { get; init; }

    public override void Validate()
    {
        Require(Attempt >= 1, "meta.attempt", "must be at least 1");
        Require(Outputs is not null, "meta.outputs", "must be a list");
        Require(Outputs!.Count <= 1024, "meta.outputs", "at most 1024 outputs");
        Require(Status == ConcludeStatus.Completed || Error is not null, "meta.error", "is required unless status is Completed");
    }
}
