using Casparian.Protocol.Messages;

namespace Casparian.Worker.Execution;

/// <summary>What a runtime committed for a job that succeeded.</summary>
public sealed record JobOutcome(string? SourceHash, IReadOnlyList<OutputReceipt> Outputs);
