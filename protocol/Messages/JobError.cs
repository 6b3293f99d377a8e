namespace Casparian.Protocol.Messages;

/// <summary>Why a job failed, and whether retrying can help.</summary>
public sealed record JobError
{
    /// <summary><c>transient</c> (retry with backoff), <c>permanent</c> (fail at once) or <c>crash</c> (counts toward poison input).</summary>
    public required string Kind { get; init; }

    /// <summary>A stable machine-readable reason, e.g. <c>plugin.no_hello</c>.</summary>
    public required string Code { get; init; }

    /// <summary>A human-readable message naming the problem and the fix.</summary>
    public string Message { get; init; } = "";
}
