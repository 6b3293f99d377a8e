using System.CommandLine;
using Casparian.Broker.Store.Catalog;
using Casparian.Cli.Project;
using Casparian.Cli.Run;
using Casparian.Native;

namespace Casparian.Cli.Commands;

/// <summary>
/// <c>casparian scan DIR</c>: the scout alone. Records files and versions and enqueues the jobs a Sentinel's workers
/// will run (cluster mode), or with <c>--dry-run</c> prints the plan and changes nothing.
/// </summary>
internal static class ScanCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "the folder of files to ingest" };
        var options = RunOptions.Create();
        var command = new Command("scan", "Scan a folder: record file versions and enqueue the jobs that are missing (or print the plan).") { folder };
        options.AddTo(command, includeWorkers: false);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ScanSettings settings;
            try
            {
                settings = options.Settings(parse, parse.GetValue(folder), ProjectPaths.Current());
            }
            catch (UsageException ex)
            {
                await Console.Error.WriteLineAsync($"casparian scan: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
            NativeLibraries.EnsureLoaded(NativeLib.DuckDb);
            var dryRun = parse.GetValue(options.DryRun);
            await using var store = dryRun
                ? await settings.OpenStoreForPlanAsync(cancellationToken).ConfigureAwait(false)
                : await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await settings.Scanner(store).ScanAsync(settings.Root, dryRun, cancellationToken).ConfigureAwait(false);
                if (dryRun)
                {
                    PlanReport.WritePlan(Console.Out, result);
                }
                else
                {
                    PlanReport.WriteEnqueued(Console.Out, result);
                }
                return 0;
            }
            catch (CatalogConflictException ex)
            {
                await Console.Error.WriteLineAsync($"casparian scan: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
