using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;
using Casparian.Broker.Store.Catalog;

namespace Casparian.Broker.Api;

/// <summary>A job as the API shows it.</summary>
public sealed record JobView(long Id, string State, string MaterializationKey, string SourceHash, string Plugin, int Priority, string? WorkerId,
    DateTimeOffset? LeaseExpires, DateTimeOffset NotBefore, int Attempts, int Retries, int Rejections, int WorkerLosses, bool AbortRequested,
    string? Reason)
{
    public static JobView From(JobRecord job) => new(job.Id, JobStateNames.Format(job.State), job.MaterializationKey, job.SourceHash, job.Plugin,
        job.Priority, job.WorkerId, job.LeaseExpires, job.NotBefore, job.Attempts, job.Retries, job.Rejections, job.WorkerLosses, job.AbortRequested,
        job.Reason);
}

/// <summary>One page of jobs: <paramref name="Total"/> counts every match; pass <paramref name="NextCursor"/> as <c>cursor</c> for the next page.</summary>
public sealed record JobPage(IReadOnlyList<JobView> Jobs, long Total, long? NextCursor);

/// <summary>The outcome of cancel or retry: the job's state afterwards and whether an ABORT is on its way to the worker.</summary>
public sealed record JobActionResult(long Id, string State, bool AbortRequested);

/// <summary>A connected worker.</summary>
public sealed record WorkerView(string WorkerId, string Version, IReadOnlyList<string> Runtimes, int Capacity, int Running,
    DateTimeOffset LastHeartbeat, bool Draining)
{
    public static WorkerView From(WorkerSnapshot w) => new(w.WorkerId, w.Version, w.Runtimes, w.Capacity, w.Running, w.LastHeartbeat, w.Draining);
}

/// <summary>The connected workers.</summary>
public sealed record WorkerList(IReadOnlyList<WorkerView> Workers);

/// <summary>The source roots.</summary>
public sealed record SourceList(IReadOnlyList<SourceView> Sources);

/// <summary>A source root.</summary>
public sealed record SourceView(long Id, string Uri)
{
    public static SourceView From(SourceRoot root) => new(root.Id, root.Uri);
}

/// <summary>The registered plugins.</summary>
public sealed record PluginList(IReadOnlyList<PluginView> Plugins);

/// <summary>A registered plugin version.</summary>
public sealed record PluginView(string Name, string Version, string ArtifactHash, string RuntimeKind, string Entrypoint)
{
    public static PluginView From(PluginManifest p) => new(p.Name, p.Version, p.ArtifactHash, p.RuntimeKind, p.Entrypoint);
}

/// <summary>Materializations found.</summary>
public sealed record MaterializationList(IReadOnlyList<MaterializationView> Materializations);

/// <summary>One output produced from one file version.</summary>
public sealed record MaterializationView(string Key, string OutputTargetKey, string SourceHash, string ArtifactHash, long? JobId, long Rows)
{
    public static MaterializationView From(Materialization m) => new(m.Key, m.OutputTargetKey, m.SourceHash, m.ArtifactHash, m.JobId, m.Rows);
}

/// <summary>The queue: jobs per state (as the Sentinel last counted them) and the store's totals of the per-job counters.</summary>
public sealed record QueueView(IReadOnlyDictionary<string, long> States, DateTimeOffset? CountedAt, long Retries, long Rejections,
    long WorkerLosses, long PoisonInputs);

/// <summary>What this Sentinel did since it started: job counters and dispatch-to-receipt latency percentiles (ms).</summary>
public sealed record StatsView(long Dispatched, long Started, long Completed, long Failed, long Aborted, long Receipts,
    double? LatencyP50Ms, double? LatencyP90Ms, double? LatencyP99Ms);

/// <summary>A health probe's answer.</summary>
public sealed record HealthView(string Status, IReadOnlyDictionary<string, string> Checks);

/// <summary>An RFC 7807 problem: <paramref name="Parameter"/> names the request parameter at fault, when there is one.</summary>
public sealed record ApiProblem(string Type, string Title, int Status, string Detail, string? Parameter = null);
