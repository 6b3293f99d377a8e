using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Casparian.Cli.Hosting;

/// <summary>
/// OTLP metrics export for the long-running services: when <c>--otlp-endpoint</c> or OTEL_EXPORTER_OTLP_ENDPOINT is set,
/// an OpenTelemetry meter provider sends the given meters there; otherwise nothing is exported.
/// </summary>
internal static class OtlpMetrics
{
    public const string EnvironmentVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static Option<string?> CreateOption() => new("--otlp-endpoint")
    {
        Description = $"OTLP collector URL for metrics, e.g. http://127.0.0.1:4317 (default: ${EnvironmentVariable}, unset = no export)",
    };

    /// <summary>The endpoint from the option, else from the environment, else null.</summary>
    public static Uri? Resolve(string? option)
    {
        var text = string.IsNullOrWhiteSpace(option) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : option;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException($"OTLP endpoint '{text}' is not an http(s) URL; pass --otlp-endpoint http://HOST:4317");
    }

    /// <summary>Adds a meter provider exporting <paramref name="meters"/> when an endpoint is configured.</summary>
    public static void Register(HostApplicationBuilder builder, string? option, params string[] meters)
    {
        if (Resolve(option) is not { } endpoint)
        {
            return;
        }
        // The provider lives as long as the host's service provider, which disposes it (flushing) at shutdown.
        builder.Services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService("casparian"))
            .AddMeter(meters)
            .AddOtlpExporter(otlp => otlp.Endpoint = endpoint)
            .Build());
        builder.Services.AddHostedService(sp => new StartOnHostStart<MeterProvider>(sp.GetRequiredService<MeterProvider>()));
    }

    /// <summary>Resolves a singleton when the host starts (singletons are otherwise created lazily).</summary>
    private sealed class StartOnHostStart<T>(T instance) : IHostedService
    {
        public T Instance { get; } = instance;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
