using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Casparian.Cli.Run;

/// <summary>
/// Logging for the in-process Sentinel and workers of unified mode: warnings and errors only, on stderr, so stdout
/// carries the progress and the summary a person reads.
/// </summary>
internal static class RunLogging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(logging =>
    {
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
    });
}
