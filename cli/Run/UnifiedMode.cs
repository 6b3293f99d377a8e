using System.Globalization;
using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;
using Casparian.Broker.Transport;
using Casparian.Worker.Execution;
using Casparian.Worker.Runtimes;
using Casparian.Worker.Service;
using Microsoft.Extensions.Logging;

namespace Casparian.Cli.Run;

/// <summary>
/// Unified mode: a Sentinel on an ephemeral loopback port and N workers of capacity 1 in this process, talking over
/// the same ZeroMQ sockets and code paths as a cluster, so what runs here is what runs on many hosts.
/// </summary>
internal sealed class UnifiedMode : IAsyncDisposable
{
    private readonly SentinelService _sentinel;
    private readonly IReadOnlyList<WorkerService> _workers;
    private int _stopped;

    private UnifiedMode(SentinelService sentinel, IReadOnlyList<WorkerService> workers)
    {
        _sentinel = sentinel;
        _workers = workers;
    }

    /// <summary>Starts the Sentinel, then the workers once it listens.</summary>
    public static async Task<UnifiedMode> StartAsync(IStateStore store, int workers, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var sentinel = new SentinelService(store, new SentinelOptions { Router = new RouterOptions { Bind = "tcp://127.0.0.1:0" } }, loggers);
        await sentinel.StartAsync(cancellationToken).ConfigureAwait(false);
        var endpoint = await sentinel.Listening.WaitAsync(cancellationToken).ConfigureAwait(false);
        var runtimes = WorkerRuntimes.CreateDefault();
        var started = new List<WorkerService>(workers);
        for (var i = 0; i < workers; i++)
        {
            var options = new WorkerOptions
            {
                Connect = endpoint,
                Capacity = 1,
                // Unique per run: a killed earlier run's worker ids never collide with this run's.
                WorkerId = string.Create(CultureInfo.InvariantCulture, $"run-{Environment.ProcessId}-{i + 1}"),
                DrainTimeout = TimeSpan.FromSeconds(5),
            };
            var worker = new WorkerService(options, new JobExecutor(runtimes.Runtimes, options.DefaultWallTime), runtimes.PluginNames, loggers);
            await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            started.Add(worker);
        }
        return new UnifiedMode(sentinel, started);
    }

    /// <summary>Stops the workers (each says BYE and drains), then the Sentinel.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await Task.WhenAll(_workers.Select(w => w.StopAsync(deadline.Token))).ConfigureAwait(false);
        await _sentinel.StopAsync(deadline.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }
        _sentinel.Dispose();
    }
}
