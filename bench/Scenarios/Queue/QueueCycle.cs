using System.Diagnostics;
using Casparian.Broker.Store;

namespace Casparian.Bench.Scenarios.Queue;

/// <summary>
/// The measured work: concurrent clients, each repeating enqueue → lease → complete in batches of 64 against one store,
/// as a Sentinel's dispatcher and conclude handlers would. Returns completed jobs per second.
/// </summary>
internal static class QueueCycle
{
    public const int Batch = 64;

    // Long enough on a loaded 2-core machine for tiered JIT to finish compiling the hot paths: with one second, a third
    // of the client's CPU in the measured window went to JIT (measured with DOTNET_TieredCompilation=0 as the control).
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task<double> RunAsync(IJobStore store, int clients, TimeSpan duration, string keyPrefix)
    {
        // Warm-up: the first statements of a connection pay for planning and caches, the first calls for JIT.
        await RunClientsAsync(store, clients, WarmUp, keyPrefix + "warm");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var completed = await RunClientsAsync(store, clients, duration, keyPrefix);
        // The client shares the cores with the server: its CPU share says which side to optimise.
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(FormattableString.Invariant(
            $"  {keyPrefix}: {completed.Jobs} jobs in {completed.Elapsed.TotalSeconds:0.0}s, client CPU {clientCpu.TotalSeconds:0.0}s"));
        return completed.Jobs / completed.Elapsed.TotalSeconds;
    }

    private static async Task<(long Jobs, TimeSpan Elapsed)> RunClientsAsync(IJobStore store, int clients, TimeSpan duration, string keyPrefix)
    {
        long total = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var worker = $"bench-worker-{client}";
            var cycle = 0;
            while (clock.Elapsed < duration)
            {
                var jobs = new EnqueueRequest[Batch];
                for (var i = 0; i < Batch; i++)
                {
                    jobs[i] = new EnqueueRequest($"{keyPrefix}-{client}-{cycle}-{i}", $"src-{client}-{cycle}-{i}", "evtx");
                }
                cycle++;
                await store.EnqueueAsync(jobs);
                var leased = await store.LeaseAsync(worker, Batch, TimeSpan.FromMinutes(5));
                var results = await store.TransitionAsync([.. leased.Select(j => new TransitionRequest(j.Id, JobTransition.Complete, worker))]);
                Interlocked.Add(ref total, results.Count(r => r.Applied));
            }
        })));
        return (total, clock.Elapsed);
    }
}
