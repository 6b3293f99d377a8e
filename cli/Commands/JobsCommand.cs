using System.CommandLine;
using System.Globalization;
using Casparian.Broker.Api;
using Casparian.Cli.Api;

namespace Casparian.Cli.Commands;

/// <summary><c>casparian jobs ls|show|cancel|retry</c>: the job queue, through the Sentinel's control API.</summary>
internal static class JobsCommand
{
    public static Command Create()
    {
        var client = new SentinelClientOptions();
        var command = new Command("jobs", "List, show, cancel and retry jobs through a running Sentinel (or this folder's store when none runs).");
        client.AddTo(command);
        command.Subcommands.Add(List(client));
        command.Subcommands.Add(Show(client));
        command.Subcommands.Add(Act(client, "cancel", "Cancel a job: queued ones at once, running ones when their worker confirms the abort.",
            (c, id) => c.CancelJobAsync(id)));
        command.Subcommands.Add(Act(client, "retry", "Queue a failed, aborted or dead-lettered job again.", (c, id) => c.RetryJobAsync(id)));
        return command;
    }

    private static Command List(SentinelClientOptions client)
    {
        var state = new Option<string?>("--state") { Description = $"only jobs in this state ({JobStateNames.All})" };
        var worker = new Option<string?>("--worker") { Description = "only jobs held by this worker" };
        var plugin = new Option<string?>("--plugin") { Description = "only jobs of this plugin" };
        var sourceHash = new Option<string?>("--source-hash") { Description = "only jobs of this file version" };
        var limit = new Option<int?>("--limit") { Description = "jobs per page (1-1000, default 100)" };
        var cursor = new Option<long?>("--cursor") { Description = "continue after this job id (printed at the end of a page)" };
        var command = new Command("ls", "List jobs, oldest first.") { state, worker, plugin, sourceHash, limit, cursor };
        command.SetAction((parse, ct) => SentinelClientOptions.RunAsync("jobs ls", async () =>
        {
            await using var api = await client.CreateControlPlaneAsync(parse, needsToken: false, ct).ConfigureAwait(false);
            var page = await api.ListJobsAsync(new JobFilter(parse.GetValue(state), parse.GetValue(worker), parse.GetValue(plugin),
                parse.GetValue(sourceHash), parse.GetValue(limit), parse.GetValue(cursor)), ct).ConfigureAwait(false);
            Console.WriteLine($"{"ID",10}  {"STATE",-11}  {"PLUGIN",-20}  {"WORKER",-16}  {"TRIES",5}  SOURCE");
            foreach (var job in page.Jobs)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{job.Id,10}  {job.State,-11}  {Clip(job.Plugin, 20),-20}  {Clip(job.WorkerId ?? "-", 16),-16}  {job.Attempts,5}  {Clip(job.SourceHash, 16)}"));
            }
            Console.WriteLine(page.NextCursor is { } next
                ? $"{page.Jobs.Count} of {page.Total} job(s); next page: --cursor {next}"
                : $"{page.Jobs.Count} of {page.Total} job(s)");
            return 0;
        }));
        return command;
    }

    private static Command Show(SentinelClientOptions client)
    {
        var id = new Argument<long>("id") { Description = "the job id" };
        var command = new Command("show", "Show one job.") { id };
        command.SetAction((parse, ct) => SentinelClientOptions.RunAsync("jobs show", async () =>
        {
            await using var api = await client.CreateControlPlaneAsync(parse, needsToken: false, ct).ConfigureAwait(false);
            var job = await api.GetJobAsync(parse.GetValue(id), ct).ConfigureAwait(false);
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(job, PrettyJson.Default.JobView));
            return 0;
        }));
        return command;
    }

    private static Command Act(SentinelClientOptions client, string name, string description, Func<IControlPlane, long, Task<JobActionResult>> act)
    {
        var id = new Argument<long>("id") { Description = "the job id" };
        var command = new Command(name, description) { id };
        command.SetAction((parse, ct) => SentinelClientOptions.RunAsync($"jobs {name}", async () =>
        {
            await using var api = await client.CreateControlPlaneAsync(parse, needsToken: true, ct).ConfigureAwait(false);
            var result = await act(api, parse.GetValue(id)).ConfigureAwait(false);
            Console.WriteLine(result.AbortRequested
                ? $"job {result.Id}: abort requested ({result.State}); it becomes aborted when its worker confirms"
                : $"job {result.Id}: {result.State}");
            return 0;
        }));
        return command;
    }

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
