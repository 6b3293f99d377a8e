using Casparian.Protocol.Messages;

namespace Casparian.Broker.Scout;

/// <summary>What a scan found for one (file, plugin) pair.</summary>
public enum PlanStatus
{
    /// <summary>A location seen for the first time, with outputs still to make.</summary>
    New,

    /// <summary>A known location that now holds a new version (its old version's rows stay, traceable by source hash).</summary>
    Changed,

    /// <summary>The same file version, but an output is missing: a new plugin artifact, or a job that has not finished.</summary>
    Stale,

    /// <summary>Every expected output of this file version and plugin artifact is materialized.</summary>
    UpToDate,
}

/// <summary>One (file version, plugin) pair of a plan, with the outputs its job must produce and their keys.</summary>
/// <param name="File">The file and its version.</param>
/// <param name="FileVersionId">The file history record (0 in a dry run for a file not recorded yet).</param>
/// <param name="Plugin">The plugin routed to it.</param>
/// <param name="Status">What the scan found.</param>
/// <param name="Outputs">The expected outputs with their output target and materialization keys.</param>
public sealed record PlanItem(HashedFile File, long FileVersionId, ScoutPlugin Plugin, PlanStatus Status, IReadOnlyList<ExpectedOutput> Outputs)
{
    /// <summary>The job's key in the queue: the materialization key of its first output (outputs are ordered by name).</summary>
    public string JobKey => Outputs[0].MaterializationKey;
}

/// <summary>The plan of a scan: every routed (file, plugin) pair, and what was skipped.</summary>
/// <param name="Items">Routed pairs in path order.</param>
/// <param name="Unrouted">Files no route matched.</param>
/// <param name="Unreadable">Files that could not be read.</param>
public sealed record ScanPlan(IReadOnlyList<PlanItem> Items, IReadOnlyList<string> Unrouted, IReadOnlyList<UnreadableFile> Unreadable)
{
    /// <summary>How many pairs have <paramref name="status"/>.</summary>
    public int Count(PlanStatus status) => Items.Count(i => i.Status == status);

    /// <summary>The pairs that need a job.</summary>
    public IEnumerable<PlanItem> ToRun => Items.Where(i => i.Status != PlanStatus.UpToDate);
}
