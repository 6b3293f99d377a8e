namespace Casparian.Worker.Service;

/// <summary>The worker service's settings.</summary>
public sealed record WorkerOptions
{
    /// <summary>The Sentinel's endpoint.</summary>
    public required string Connect { get; init; }

    /// <summary>Stable id (also the socket routing id); defaults to host name and process id.</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Most jobs run at once.</summary>
    public int Capacity { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Jobs accepted beyond <see cref="Capacity"/> and queued until a slot frees. It hides the Sentinel's round trip
    /// between one job's end and the next one's DISPATCH, which dominates for many short jobs; keep it 0 for long
    /// jobs, so a queued one is not held here while another worker is idle.
    /// </summary>
    public int Prefetch { get; init; }

    /// <summary>How often the worker reports its running jobs.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After this long without a word from the Sentinel, the worker identifies again (the Sentinel may have restarted).</summary>
    public TimeSpan SentinelSilence { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a draining worker lets running jobs finish before aborting them.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Wall-time limit for jobs whose DISPATCH sets none.</summary>
    public TimeSpan DefaultWallTime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The Sentinel's CURVE public key (Z85), if the Sentinel uses CURVE.</summary>
    public string? CurveServerKey { get; init; }
}
