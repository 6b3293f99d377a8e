namespace Casparian.Broker.Scout;

/// <summary>What a scan did.</summary>
/// <param name="Root">The absolute source root.</param>
/// <param name="Plan">The plan it made.</param>
/// <param name="Enqueued">Jobs created (0 in a dry run).</param>
/// <param name="AlreadyQueued">Pairs needing a job whose job already exists (in flight, failed or dead-lettered).</param>
/// <param name="DryRun">Nothing was written.</param>
public sealed record ScanResult(string Root, ScanPlan Plan, int Enqueued, int AlreadyQueued, bool DryRun);
