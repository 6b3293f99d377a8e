using Casparian.Broker.Store;
using Casparian.Broker.Transport;
using Casparian.Native.ZeroMq;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Casparian.Broker.Sentinel;

/// <summary>
/// The Sentinel as a hosted service: a ROUTER endpoint on its own thread and the <see cref="SentinelCore"/> loop.
/// Shutdown has two steps: the stopping token ends the loop (no new dispatches); if the host's shutdown timeout
/// passes too, store calls in flight are cancelled. Jobs out with workers stay leased and are reconciled by the next
/// Sentinel on the same store.
/// </summary>
public sealed partial class SentinelService : BackgroundService
{
    private readonly IStateStore _store;
    private readonly SentinelOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ZmqContext? _context;
    private RouterEndpoint? _router;

    public SentinelService(IStateStore store, SentinelOptions options, ILoggerFactory loggers, TimeProvider? time = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _loggers = loggers ?? throw new ArgumentNullException(nameof(loggers));
        _logger = loggers.CreateLogger("Casparian.Sentinel");
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Completes with the bound endpoint once the ROUTER listens.</summary>
    public Task<string> Listening => _listening.Task;

    /// <summary>The core loop, once started (for tests and metrics).</summary>
    public SentinelCore? Core { get; private set; }

    /// <summary>The transport counters, once started.</summary>
    public TransportCounters? Transport => _router?.Counters;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _context = new ZmqContext();
        _router = new RouterEndpoint(_context, _options.Router, _loggers.CreateLogger("Casparian.Sentinel.Router"));
        try
        {
            await _router.StartedAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _listening.TrySetException(ex);
            throw;
        }
        LogListening(_logger, _router.BoundEndpoint);
        _listening.TrySetResult(_router.BoundEndpoint);
        Core = new SentinelCore(_store, _router, _options, _time, _logger);
        try
        {
            await Core.RunAsync(stoppingToken, _abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Shutdown timed out: store calls in flight were abandoned; the store's transactions make that safe.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(_abort.Cancel);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _router?.Dispose();
        _context?.Dispose();
        LogStopped(_logger);
    }

    public override void Dispose()
    {
        _router?.Dispose();
        _context?.Dispose();
        _abort.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sentinel listening on {Endpoint}")]
    private static partial void LogListening(ILogger logger, string endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sentinel stopped")]
    private static partial void LogStopped(ILogger logger);
}
