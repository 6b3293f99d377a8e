namespace Casparian.Worker.Runtimes.NativeExec;

/// <summary>Limits and settings of the <c>native_exec</c> runtime.</summary>
public sealed record NativeExecOptions
{
    /// <summary>Most bytes a plugin may write to stdout.</summary>
    public long MaxOutputBytes { get; init; } = 16L << 30;

    /// <summary>Most bytes a plugin may write to stderr.</summary>
    public long MaxLogBytes { get; init; } = 64L << 20;

    /// <summary>After SIGTERM, how long before SIGKILL.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long to wait for the process group to vanish after the kill starts.</summary>
    public TimeSpan KillDeadline { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Variables added to the scrubbed environment (tests, site settings); never secrets.</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();
}
