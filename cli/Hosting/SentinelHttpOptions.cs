using System.CommandLine;
using Casparian.Broker.Api;
using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Casparian.Cli.Hosting;

/// <summary>
/// The Sentinel's operator-facing options (<c>--http</c>, <c>--token-file</c>, <c>--otlp-endpoint</c>) and how they
/// add the HTTP control API and metrics export to its host; kept apart so the sentinel command stays about the queue.
/// </summary>
internal sealed class SentinelHttpOptions
{
    public Option<string> Http { get; } = new("--http")
    {
        Description = "HTTP control API and /metrics address, HOST:PORT (port 0 picks a free one)",
        DefaultValueFactory = _ => ControlApiOptions.DefaultAddress,
    };

    public Option<string> TokenFile { get; } = new("--token-file")
    {
        Description = "bearer token for mutating API calls; created (mode 0600) if missing",
        DefaultValueFactory = _ => ApiToken.DefaultPath,
    };

    public Option<string?> OtlpEndpoint { get; } = OtlpMetrics.CreateOption();

    public void AddTo(Command command)
    {
        command.Options.Add(Http);
        command.Options.Add(TokenFile);
        command.Options.Add(OtlpEndpoint);
    }

    /// <summary>Parses the address and the OTLP endpoint; null and a message on stderr when one is malformed.</summary>
    public ControlApiOptions? Parse(ParseResult parse)
    {
        try
        {
            OtlpMetrics.Resolve(parse.GetValue(OtlpEndpoint));
            return new ControlApiOptions { Endpoint = ControlApiOptions.ParseAddress(parse.GetValue(Http)!) };
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"casparian sentinel: {ex.Message}");
            return null;
        }
    }

    /// <summary>Adds the Sentinel, its HTTP control API and (when configured) OTLP metrics export to the host.</summary>
    public void Register(HostApplicationBuilder builder, ParseResult parse, ControlApiOptions api, IStateStore store, SentinelOptions options)
    {
        var token = ApiToken.LoadOrCreate(parse.GetValue(TokenFile)!);
        builder.Services.AddSingleton(sp => new SentinelService(store, options, sp.GetRequiredService<ILoggerFactory>()));
        // The API's hosted service is created with the others, before the Sentinel's core makes its meter, so its
        // metrics listener sees every measurement.
        builder.Services.AddHostedService(sp => new ControlApiServer(sp.GetRequiredService<SentinelService>(), store, options, token, api,
            sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SentinelService>());
        OtlpMetrics.Register(builder, parse.GetValue(OtlpEndpoint), SentinelMetrics.MeterName);
    }
}
