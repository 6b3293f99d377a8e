using Casparian.Broker.Api.Metrics;
using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Casparian.Broker.Api;

/// <summary>
/// The Sentinel's HTTP side (Kestrel, minimal APIs): probes, <c>/metrics</c> and the JSON control API under
/// <c>/api/v1</c>. It runs beside <see cref="SentinelService"/> in the same process and reads only the store and the
/// core's published snapshot. Once bound it logs "HTTP control API listening on URL".
/// </summary>
public sealed partial class ControlApiServer : IHostedService, IAsyncDisposable
{
    private readonly ControlApiOptions _options;
    private readonly ControlApiState _state;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;

    public ControlApiServer(SentinelService sentinel, IStateStore store, SentinelOptions sentinelOptions, ApiToken token, ControlApiOptions options,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(sentinel);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sentinelOptions);
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = loggers.CreateLogger("Casparian.Sentinel.Api");
        // Started before the core creates its meter, so every measurement of this Sentinel is counted; the meter's
        // scope (the Sentinel's options object) keeps other Sentinels in the same process out.
        var metrics = new MetricsCollector(i => i.Meter.Name == SentinelMetrics.MeterName && ReferenceEquals(i.Meter.Scope, sentinelOptions));
        _state = new ControlApiState(store, sentinel, token, metrics);
    }

    /// <summary>Completes with the base URL once Kestrel listens.</summary>
    public Task<Uri> Listening => _listening.Task;

    /// <summary>
    /// Binds and starts serving. A bind failure (address in use) is logged and leaves the Sentinel running without HTTP:
    /// the job queue matters more than its dashboard, and the log line says how to pick another address.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(_options.Endpoint));
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        var app = builder.Build();
        var api = app.MapGroup("/api/v1");
        StatusRoutes.Map(app, api, _state);
        JobRoutes.Map(api, _state);
        CatalogRoutes.Map(api, _state);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            LogBindFailed(_logger, _options.Endpoint.ToString(), ex.Message);
            _listening.TrySetException(ex);
            await app.DisposeAsync().ConfigureAwait(false);
            return;
        }
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(address);
        LogListening(_logger, url.GetLeftPart(UriPartial.Authority));
        _listening.TrySetResult(url);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        _state.Metrics.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP control API listening on {Url}")]
    private static partial void LogListening(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Error, Message = "HTTP control API cannot listen on {Endpoint}: {Reason}; pass --http HOST:PORT (port 0 picks a free one)")]
    private static partial void LogBindFailed(ILogger logger, string endpoint, string reason);
}
