using System.Globalization;
using Casparian.Broker.Scout;
using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;

namespace Casparian.Cli.Run;

/// <summary>What a run ends with: the output tables, the failures with their reasons, the counts, and how to query.</summary>
internal static class RunSummary
{
    /// <summary>The most failures listed; the rest are counted.</summary>
    public const int MaxFailuresListed = 50;

    public static void WriteTables(TextWriter output, string sinkUri, IReadOnlyList<OutputTable>? tables)
    {
        if (tables is null)
        {
            output.WriteLine($"outputs: {Protocol.Locations.PostgresUri.Redact(sinkUri)}");
            return;
        }
        if (tables.Count == 0)
        {
            output.WriteLine($"no output tables yet in {sinkUri}");
            return;
        }
        output.WriteLine($"tables in {sinkUri}:");
        var width = tables.Max(t => t.Name.Length);
        foreach (var table in tables)
        {
            var quarantine = table.Quarantined > 0
                ? string.Create(CultureInfo.InvariantCulture, $"  ({table.Quarantined:N0} quarantined in {table.Name}{OutputTables.QuarantineSuffix})")
                : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table.Name.PadRight(width)}  {table.Rows,12:N0} rows{quarantine}"));
        }
    }

    public static void WriteFailures(TextWriter output, IReadOnlyList<JobRecord> failed)
    {
        if (failed.Count == 0)
        {
            return;
        }
        output.WriteLine($"{failed.Count} jobs failed:");
        foreach (var job in failed.Take(MaxFailuresListed))
        {
            output.WriteLine($"  job {job.Id} {InputOf(job)} ({job.Plugin}) {job.State}: {job.Reason ?? "no reason recorded"}");
        }
        if (failed.Count > MaxFailuresListed)
        {
            output.WriteLine($"  … and {failed.Count - MaxFailuresListed} more");
        }
    }

    public static void WriteCounts(TextWriter output, ScanResult scan, int requeued)
    {
        var upToDate = scan.Plan.Count(PlanStatus.UpToDate);
        var requeuedText = requeued > 0 ? $"; {requeued} jobs of an interrupted run resumed" : "";
        if (scan.Enqueued == 0 && requeued == 0 && scan.AlreadyQueued == 0)
        {
            output.WriteLine($"0 jobs enqueued; everything is up to date ({upToDate} file/plugin pairs)");
            return;
        }
        var pending = scan.AlreadyQueued > 0 ? $", {scan.AlreadyQueued} already had a job" : "";
        output.WriteLine($"{scan.Enqueued} jobs enqueued, {upToDate} up to date{pending}{requeuedText}");
    }

    public static void WriteHowToQuery(TextWriter output, IReadOnlyList<OutputTable>? tables)
    {
        var example = tables is { Count: > 0 } ? tables[0].Name : "TABLE";
        output.WriteLine($"query: casparian query \"SELECT * FROM {example} LIMIT 10\"");
    }

    private static string InputOf(JobRecord job)
    {
        if (job.Payload is null)
        {
            return job.SourceHash;
        }
        try
        {
            return JobSpec.FromJson(job.Payload).InputPath;
        }
        catch (System.Text.Json.JsonException)
        {
            return job.SourceHash;
        }
    }
}
