using System.Diagnostics;
using System.Diagnostics.Metrics;
using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;
using Casparian.Broker.Transport;
using Casparian.Worker.Execution;
using Casparian.Worker.Runtimes.Builtin;
using Casparian.Worker.Service;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casparian.Bench.Scenarios.Dispatch;

/// <summary>What one dispatch run measured.</summary>
internal sealed record DispatchResult(int Jobs, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double JobsPerSecond => Jobs / Elapsed.TotalSeconds;
}

/// <summary>
/// <c>builtin:noop</c> jobs through one Sentinel and N workers, all in this process but talking over tcp on 127.0.0.1
/// through the same sockets and code paths as separate processes.
/// </summary>
internal static class DispatchRun
{
    public static async Task<DispatchResult> MeasureAsync(IStateStore store, int jobs, int workers, int capacity, int prefetch)
    {
        var requests = Enumerable.Range(0, jobs).Select(i => new EnqueueRequest($"bench-mk-{i:D8}", $"bench-src-{i:D8}", "builtin:noop")).ToArray();
        for (var i = 0; i < requests.Length; i += 10_000)
        {
            await store.EnqueueAsync(requests[i..Math.Min(requests.Length, i + 10_000)]);
        }

        var latencies = new List<double>(jobs);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SentinelMetrics.MeterName && instrument.Name == SentinelMetrics.DispatchLatencyName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (latencies)
            {
                latencies.Add(value);
            }
        });
        listener.Start();

        var options = new SentinelOptions { Router = new RouterOptions { Bind = "tcp://127.0.0.1:*" } };
        using var sentinel = new SentinelService(store, options, NullLoggerFactory.Instance);
        await sentinel.StartAsync(default);
        var endpoint = await sentinel.Listening;
        var services = new List<WorkerService>();
        var clock = Stopwatch.StartNew();
        for (var w = 0; w < workers; w++)
        {
            var executor = new JobExecutor([new BuiltinRuntime([new NoopParser()])], TimeSpan.FromMinutes(1));
            var service = new WorkerService(new WorkerOptions { Connect = endpoint, WorkerId = $"bench-w{w}", Capacity = capacity, Prefetch = prefetch }, executor, ["builtin:noop"], NullLoggerFactory.Instance);
            await service.StartAsync(default);
            services.Add(service);
        }

        while ((sentinel.Core?.Completed ?? 0) < jobs)
        {
            await Task.Delay(10);
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"only {sentinel.Core?.Completed} of {jobs} jobs completed in 5 minutes");
            }
        }
        var elapsed = clock.Elapsed;
        foreach (var service in services)
        {
            await service.StopAsync(default);
            service.Dispose();
        }
        await sentinel.StopAsync(default);

        double[] sorted;
        lock (latencies)
        {
            sorted = [.. latencies.Order()];
        }
        return new DispatchResult(jobs, elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
