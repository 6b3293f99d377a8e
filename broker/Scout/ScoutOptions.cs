namespace Casparian.Broker.Scout;

/// <summary>How a scan runs.</summary>
public sealed record ScoutOptions
{
    /// <summary>The sink URI every output goes to, absolute (e.g. <c>duckdb:///data/.casparian/out.duckdb</c>).</summary>
    public required string SinkUri { get; init; }

    /// <summary>The plugins to route to: the builtins and any loaded bundles (a bundle route beats a builtin one).</summary>
    public IReadOnlyList<ScoutPlugin> Plugins { get; init; } = ScoutPlugin.Builtins;

    /// <summary>Threads hashing files at once.</summary>
    public int HashThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Files hashed before their catalog records are written, while the next segment is hashed.</summary>
    public int PipelineSegment { get; init; } = 10_000;

    /// <summary>Jobs enqueued per store call.</summary>
    public int EnqueueBatch { get; init; } = 1000;
}
