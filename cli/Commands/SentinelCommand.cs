using System.CommandLine;
using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;
using Casparian.Broker.Transport;
using Casparian.Cli.Hosting;
using Casparian.Native;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Casparian.Cli.Commands;

/// <summary><c>casparian sentinel</c>: the broker (control plane) as a long-running service.</summary>
internal static class SentinelCommand
{
    public static Command Create()
    {
        var bind = new Option<string>("--bind") { Description = "ROUTER endpoint to listen on", DefaultValueFactory = _ => "tcp://127.0.0.1:5555" };
        var store = new Option<string>("--store") { Description = "state store: duckdb:PATH or postgres://user:password@host:port/db", DefaultValueFactory = _ => "duckdb:.casparian/state.duckdb" };
        var heartbeatMs = new Option<int>("--heartbeat-ms") { Description = "heartbeat interval in milliseconds", DefaultValueFactory = _ => 1000 };
        var missed = new Option<int>("--missed-heartbeats") { Description = "intervals of silence after which a worker is lost", DefaultValueFactory = _ => 3 };
        var logFormat = new Option<string>("--log-format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        var command = new Command("sentinel", "Run the Sentinel: the job queue, dispatcher and worker registry.") { bind, store, heartbeatMs, missed, logFormat };
        var http = new SentinelHttpOptions();
        http.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            NativeLibraries.EnsureLoaded(NativeLib.ZeroMq);
            StoreLocation location;
            try
            {
                location = StoreLocation.Parse(parse.GetValue(store)!);
            }
            catch (FormatException ex)
            {
                await Console.Error.WriteLineAsync($"casparian sentinel: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
            if (location.Kind == StoreKind.DuckDb)
            {
                NativeLibraries.EnsureLoaded(NativeLib.DuckDb);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(location.Target))!);
            }
            if (http.Parse(parse) is not { } api)
            {
                return 2;
            }
            await using var stateStore = await location.OpenAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var options = new SentinelOptions
            {
                Router = new RouterOptions { Bind = parse.GetValue(bind)! },
                HeartbeatInterval = TimeSpan.FromMilliseconds(parse.GetValue(heartbeatMs)),
                MissedHeartbeats = parse.GetValue(missed),
            };
            var builder = ServiceHost.Create(parse.GetValue(logFormat)!, shutdownTimeout: TimeSpan.FromSeconds(10));
            builder.Services.AddSingleton<IStateStore>(stateStore);
            builder.Services.AddSingleton(options);
            http.Register(builder, parse, api, stateStore, options);
            using var host = builder.Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
