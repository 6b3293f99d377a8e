using System.CommandLine;
using Casparian.Broker.Scout;
using Casparian.Broker.Store;
using Casparian.Broker.Store.Catalog;
using Casparian.Cli.Project;
using Casparian.Cli.Run;
using Casparian.Native;

namespace Casparian.Cli.Commands;

/// <summary>
/// <c>casparian run DIR</c>: the main job in unified mode. Scans and plans, resumes what a killed run left, runs the
/// missing jobs on a Sentinel and N workers in this process, and ends with the tables, the failures and how to query.
/// Exit codes: 0 all jobs succeeded, 1 some failed, 2 bad input, 3 a native library is missing.
/// </summary>
internal static class RunCommand
{
    /// <summary>Exit code when some jobs failed.</summary>
    public const int ExitJobsFailed = 1;

    /// <summary>Exit code for a command-line or input mistake.</summary>
    public const int ExitUsage = 2;

    /// <summary>The most jobs one run tracks for its summary.</summary>
    public const int MaxTrackedJobs = 4_000_000;

    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "the folder of files to ingest" };
        var options = RunOptions.Create();
        var command = new Command("run", "Ingest a folder: scan, run the missing jobs on in-process workers, and summarize the tables.") { folder };
        options.AddTo(command, includeWorkers: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ScanSettings settings;
            try
            {
                settings = options.Settings(parse, parse.GetValue(folder), ProjectPaths.Current());
                if (parse.GetValue(options.Workers) < 1)
                {
                    throw new UsageException("--workers must be at least 1");
                }
            }
            catch (UsageException ex)
            {
                await Console.Error.WriteLineAsync($"casparian run: {ex.Message}").ConfigureAwait(false);
                return ExitUsage;
            }
            NativeLibraries.EnsureLoaded(NativeLib.ZeroMq);
            NativeLibraries.EnsureLoaded(NativeLib.DuckDb);
            try
            {
                return parse.GetValue(options.DryRun)
                    ? await DryRunAsync(settings, cancellationToken).ConfigureAwait(false)
                    : await RunAsync(settings, parse.GetValue(options.Workers), cancellationToken).ConfigureAwait(false);
            }
            catch (CatalogConflictException ex)
            {
                await Console.Error.WriteLineAsync($"casparian run: {ex.Message}").ConfigureAwait(false);
                return ExitUsage;
            }
        });
        return command;
    }

    private static async Task<int> DryRunAsync(ScanSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await settings.OpenStoreForPlanAsync(cancellationToken).ConfigureAwait(false);
        var result = await settings.Scanner(store).ScanAsync(settings.Root, dryRun: true, cancellationToken).ConfigureAwait(false);
        PlanReport.WritePlan(Console.Out, result);
        return 0;
    }

    private static async Task<int> RunAsync(ScanSettings settings, int workers, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var output = Console.Out;
        IReadOnlyList<JobRecord> failed;
        ScanResult scan;
        IReadOnlyList<long> requeued;
        await using (var store = await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false))
        {
            requeued = await StaleJobs.RequeueAsync(store, cancellationToken).ConfigureAwait(false);
            scan = await settings.Scanner(store).ScanAsync(settings.Root, dryRun: false, cancellationToken).ConfigureAwait(false);
            var plan = scan.Plan;
            await output.WriteLineAsync($"scanned {settings.Root}: {plan.Count(PlanStatus.New)} new, {plan.Count(PlanStatus.Changed)} changed, " +
                                        $"{plan.Count(PlanStatus.Stale)} stale, {plan.Count(PlanStatus.UpToDate)} up to date").ConfigureAwait(false);
            var tracked = (await store.QueryJobsAsync(new JobQuery(State: JobState.Queued), MaxTrackedJobs, cancellationToken).ConfigureAwait(false))
                .Select(j => j.Id).ToHashSet();
            if (tracked.Count > 0)
            {
                using var loggers = RunLogging.Create();
                await using var unified = await UnifiedMode.StartAsync(store, workers, loggers, cancellationToken).ConfigureAwait(false);
                var progress = new RunProgress(store, started, output);
                await progress.WaitAsync(interactive: !Console.IsOutputRedirected, cancellationToken).ConfigureAwait(false);
                await unified.StopAsync().ConfigureAwait(false);
            }
            failed = await FailedAsync(store, tracked, cancellationToken).ConfigureAwait(false);
        }
        var duckDbOut = SinkUris.DuckDbPath(settings.SinkUri);
        var tables = duckDbOut is null ? null : OutputTables.Read(duckDbOut);
        RunSummary.WriteTables(output, settings.SinkUri, tables);
        RunSummary.WriteFailures(output, failed);
        RunSummary.WriteCounts(output, scan, requeued.Count);
        RunSummary.WriteHowToQuery(output, tables);
        return failed.Count > 0 ? ExitJobsFailed : 0;
    }

    private static async Task<IReadOnlyList<JobRecord>> FailedAsync(IStateStore store, HashSet<long> tracked, CancellationToken cancellationToken)
    {
        var failed = new List<JobRecord>();
        foreach (var state in new[] { JobState.Failed, JobState.DeadLetter, JobState.Aborted })
        {
            var jobs = await store.QueryJobsAsync(new JobQuery(State: state), MaxTrackedJobs, cancellationToken).ConfigureAwait(false);
            failed.AddRange(jobs.Where(j => tracked.Contains(j.Id)));
        }
        return [.. failed.OrderBy(j => j.Id)];
    }
}
