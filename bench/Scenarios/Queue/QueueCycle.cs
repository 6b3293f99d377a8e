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
        await RunClientsAsync(store, clients, WarmUp, keyPrefix + "warm", new PhaseClock());
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var phases = new PhaseClock();
        var completed = await RunClientsAsync(store, clients, duration, keyPrefix, phases);
        // The client shares the cores with the server: its CPU share says which side to optimise.
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(FormattableString.Invariant(
            $"  {keyPrefix}: {completed.Jobs} jobs in {completed.Elapsed.TotalSeconds:0.0}s, client CPU {clientCpu.TotalSeconds:0.0}s; {phases}"));
        return completed.Jobs / completed.Elapsed.TotalSeconds;
    }

    private static async Task<(long Jobs, TimeSpan Elapsed)> RunClientsAsync(IJobStore store, int clients, TimeSpan duration, string keyPrefix,
        PhaseClock phases)
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
                var start = Stopwatch.GetTimestamp();
                await store.EnqueueAsync(jobs);
                var enqueued = Stopwatch.GetTimestamp();
                var leased = await store.LeaseAsync(worker, Batch, TimeSpan.FromMinutes(5));
                var leasedAt = Stopwatch.GetTimestamp();
                var results = await store.TransitionAsync([.. leased.Select(j => new TransitionRequest(j.Id, JobTransition.Complete, worker))]);
                phases.Add(enqueued - start, leasedAt - enqueued, Stopwatch.GetTimestamp() - leasedAt);
                Interlocked.Add(ref total, results.Count(r => r.Applied));
            }
        })));
        return (total, clock.Elapsed);
    }

    /// <summary>Wall time clients spent waiting in each operation, to show which one the cycle waits on.</summary>
    private sealed class PhaseClock
    {
        private long _cycles;
        private long _enqueue;
        private long _lease;
        private long _complete;

        public void Add(long enqueue, long lease, long complete)
        {
            Interlocked.Increment(ref _cycles);
            Interlocked.Add(ref _enqueue, enqueue);
            Interlocked.Add(ref _lease, lease);
            Interlocked.Add(ref _complete, complete);
        }

        public override string ToString()
        {
            var cycles = Math.Max(1, Interlocked.Read(ref _cycles));
            double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency / cycles;
            return FormattableString.Invariant(
                $"per cycle enqueue {Ms(_enqueue):0.0} ms, lease {Ms(_lease):0.0} ms, complete {Ms(_complete):0.0} ms");
        }
    }
}
