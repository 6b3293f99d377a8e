using Casparian.Broker.Scout;

namespace Casparian.Cli.Run;

/// <summary>Prints what a scan planned or did, for people: counts by status, and in a dry run each pair that would run.</summary>
internal static class PlanReport
{
    /// <summary>The most pairs listed one per line; beyond that only counts are useful.</summary>
    public const int MaxListed = 200;

    public static void WritePlan(TextWriter output, ScanResult result)
    {
        var plan = result.Plan;
        output.WriteLine($"plan for {result.Root}: {plan.Count(PlanStatus.New)} new, {plan.Count(PlanStatus.Changed)} changed, " +
                         $"{plan.Count(PlanStatus.Stale)} stale, {plan.Count(PlanStatus.UpToDate)} up to date " +
                         $"({plan.Unrouted.Count} files not routed, {plan.Unreadable.Count} unreadable)");
        foreach (var item in plan.ToRun.Take(MaxListed))
        {
            var tables = string.Join(", ", item.Outputs.Select(o => o.Table).Distinct());
            output.WriteLine($"  {Label(item.Status),-8} {item.File.File.RelativePath} -> {item.Plugin.Id} -> {tables}");
        }
        var more = plan.ToRun.Count() - MaxListed;
        if (more > 0)
        {
            output.WriteLine($"  … and {more} more");
        }
        WriteUnreadable(output, plan);
        if (result.DryRun)
        {
            output.WriteLine("dry run: nothing was recorded or enqueued");
        }
    }

    public static void WriteEnqueued(TextWriter output, ScanResult result)
    {
        var upToDate = result.Plan.Count(PlanStatus.UpToDate);
        if (result.Enqueued == 0 && result.AlreadyQueued == 0)
        {
            output.WriteLine($"0 jobs enqueued; everything is up to date ({upToDate} file/plugin pairs)");
        }
        else
        {
            var pending = result.AlreadyQueued > 0 ? $", {result.AlreadyQueued} already have a job" : "";
            output.WriteLine($"{result.Enqueued} jobs enqueued, {upToDate} up to date{pending}");
        }
        WriteUnreadable(output, result.Plan);
    }

    private static void WriteUnreadable(TextWriter output, ScanPlan plan)
    {
        foreach (var file in plan.Unreadable.Take(MaxListed))
        {
            output.WriteLine($"  unreadable {file.RelativePath}: {file.Reason}");
        }
    }

    private static string Label(PlanStatus status) => status switch
    {
        PlanStatus.New => "new",
        PlanStatus.Changed => "changed",
        PlanStatus.Stale => "stale",
        _ => "ok",
    };
}
