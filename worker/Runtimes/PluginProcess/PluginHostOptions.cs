namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>Limits and timeouts of a subprocess plugin runtime (<c>native_exec</c>, <c>python_shim</c>).</summary>
public record PluginHostOptions
{
    /// <summary>Most bytes a plugin may write to stdout, unless the DISPATCH sets <c>limits.max_output_bytes</c>.</summary>
    public long MaxOutputBytes { get; init; } = 16L << 30;

    /// <summary>Most bytes a plugin may write to stderr, unless the DISPATCH sets <c>limits.max_log_bytes</c>.</summary>
    public long MaxLogBytes { get; init; } = 64L << 20;

    /// <summary>How long after the start the <c>hello</c> frame may take.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long stdout bytes may wait for the <c>output_begin</c> that announces them, and a stream's end-of-stream
    /// marker for its <c>output_end</c>. stdout and stderr are separate pipes, so a frame written just before its bytes
    /// may be read just after them; this is the slack, not a limit on the plugin's work.
    /// </summary>
    public TimeSpan StreamHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After SIGTERM, how long before SIGKILL.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long to wait for the process group to vanish after the kill starts; also how long a plugin whose output
    /// ended early gets to exit by itself, so a crash is reported as a crash.
    /// </summary>
    public TimeSpan KillDeadline { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Variables added to the scrubbed environment (tests, site settings); never secrets.</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Quarantine rows buffered per output before they are written.</summary>
    public int QuarantineBatchRows { get; init; } = 1024;
}
