using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Casparian.Cli.Hosting;

/// <summary>Builds the generic host the long-running commands (sentinel, worker) run in: one log line per event.</summary>
internal static class ServiceHost
{
    /// <summary>A host builder with single-line (or JSON) console logs and the given shutdown timeout.</summary>
    public static HostApplicationBuilder Create(string logFormat, TimeSpan shutdownTimeout)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Information);
            if (string.Equals(logFormat, "json", StringComparison.OrdinalIgnoreCase))
            {
                logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
            }
            else
            {
                logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss.fff ";
                    o.UseUtcTimestamp = true;
                    o.ColorBehavior = LoggerColorBehavior.Disabled;
                });
            }
        });
        // The host owns SIGTERM/SIGINT: stop taking work first, then abort what is still running after the timeout.
        builder.Services.AddSingleton<IHostLifetime, ConsoleLifetime>();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
        return builder;
    }
}
