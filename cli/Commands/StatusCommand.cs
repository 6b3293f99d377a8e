using System.CommandLine;
using System.Globalization;

namespace Casparian.Cli.Commands;

/// <summary><c>casparian status</c>: a one-shot summary of a running Sentinel's queue and workers, or of this folder's store when no Sentinel runs.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var client = new SentinelClientOptions();
        var command = new Command("status", "Show a running Sentinel's queue and workers.");
        client.AddTo(command);
        command.SetAction((parse, ct) => SentinelClientOptions.RunAsync("status", async () =>
        {
            await using var api = await client.CreateControlPlaneAsync(parse, needsToken: false, ct).ConfigureAwait(false);
            var queue = await api.QueueAsync(ct).ConfigureAwait(false);
            var workers = await api.WorkersAsync(ct).ConfigureAwait(false);
            Console.WriteLine(api.Describe);
            Console.WriteLine("queue    " + string.Join("  ", queue.States.OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}={s.Value}"))));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"counters retries={queue.Retries}  rejections={queue.Rejections}  worker_losses={queue.WorkerLosses}  poison={queue.PoisonInputs}"));
            Console.WriteLine($"workers  {workers.Workers.Count}");
            foreach (var worker in workers.Workers)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {worker.WorkerId}  running {worker.Running}/{worker.Capacity}  runtimes {string.Join(',', worker.Runtimes)}  version {worker.Version}{(worker.Draining ? "  draining" : "")}"));
            }
            return 0;
        }));
        return command;
    }
}
