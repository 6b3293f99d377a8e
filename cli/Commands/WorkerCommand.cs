using System.CommandLine;
using Casparian.Cli.Hosting;
using Casparian.Native;
using Casparian.Worker.Execution;
using Casparian.Worker.Runtimes;
using Casparian.Worker.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Casparian.Cli.Commands;

/// <summary><c>casparian worker</c>: a headless worker (data plane) connecting to a Sentinel.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var connect = new Option<string>("--connect") { Description = "the Sentinel's endpoint, e.g. tcp://sentinel:5555", Required = true };
        var capacity = new Option<int>("--capacity") { Description = "most jobs run at once", DefaultValueFactory = _ => Environment.ProcessorCount };
        var prefetch = new Option<int>("--prefetch") { Description = "jobs queued here beyond --capacity, for many short jobs (default 0)", DefaultValueFactory = _ => 0 };
        var id = new Option<string?>("--id") { Description = "stable worker id (default: host name and process id)" };
        var heartbeatMs = new Option<int>("--heartbeat-ms") { Description = "heartbeat interval in milliseconds", DefaultValueFactory = _ => 1000 };
        var drain = new Option<int>("--drain-seconds") { Description = "on SIGTERM, how long running jobs may finish before they are aborted", DefaultValueFactory = _ => 30 };
        var logFormat = new Option<string>("--log-format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        var otlp = OtlpMetrics.CreateOption();
        var command = new Command("worker", "Run a worker that takes jobs from a Sentinel.") { connect, capacity, prefetch, id, heartbeatMs, drain, logFormat, otlp };
        command.SetAction(async (parse, cancellationToken) =>
        {
            NativeLibraries.EnsureLoaded(NativeLib.ZeroMq);
            if (parse.GetValue(capacity) < 1 || parse.GetValue(prefetch) < 0)
            {
                await Console.Error.WriteLineAsync("casparian worker: --capacity must be at least 1 and --prefetch at least 0").ConfigureAwait(false);
                return 2;
            }
            var interval = TimeSpan.FromMilliseconds(parse.GetValue(heartbeatMs));
            var options = new WorkerOptions
            {
                Connect = parse.GetValue(connect)!,
                Capacity = parse.GetValue(capacity),
                Prefetch = parse.GetValue(prefetch),
                HeartbeatInterval = interval,
                SentinelSilence = interval * 3,
                DrainTimeout = TimeSpan.FromSeconds(parse.GetValue(drain)),
            };
            if (parse.GetValue(id) is { Length: > 0 } workerId)
            {
                options = options with { WorkerId = workerId };
            }
            var runtimes = WorkerRuntimes.CreateDefault();
            var executor = new JobExecutor(runtimes.Runtimes, options.DefaultWallTime);
            var builder = ServiceHost.Create(parse.GetValue(logFormat)!, shutdownTimeout: options.DrainTimeout + TimeSpan.FromSeconds(5));
            builder.Services.AddHostedService(sp => new WorkerService(options, executor, runtimes.PluginNames, sp.GetRequiredService<ILoggerFactory>()));
            OtlpMetrics.Register(builder, parse.GetValue(otlp), WorkerMetrics.MeterName);
            using var host = builder.Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
