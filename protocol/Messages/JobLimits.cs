namespace Casparian.Protocol.Messages;

/// <summary>Resource limits a worker enforces on a job's plugin.</summary>
public sealed record JobLimits
{
    /// <summary>Wall-clock limit in milliseconds; 0 means the worker's default.</summary>
    public long WallTimeMs { get; init; }

    /// <summary>Most bytes the plugin may write to stdout; 0 means the worker's default.</summary>
    public long MaxOutputBytes { get; init; }

    /// <summary>Most bytes the plugin may write to stderr; 0 means the worker's default.</summary>
    public long MaxLogBytes { get; init; }
}
