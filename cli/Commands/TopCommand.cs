using System.CommandLine;
using Casparian.Cli.Top;
using Spectre.Console;

namespace Casparian.Cli.Commands;

/// <summary><c>casparian top</c>: a live view of a running Sentinel (workers, queue, throughput, latency, failures).</summary>
internal static class TopCommand
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var client = new SentinelClientOptions();
        var once = new Option<bool>("--once") { Description = "print one view and exit (for scripts and tests)" };
        var width = new Option<int?>("--width") { Description = "columns to lay out for (default: the terminal's)" };
        var height = new Option<int?>("--height") { Description = "lines to lay out for (default: the terminal's)" };
        var command = new Command("top", "Live view of a running Sentinel, refreshed every second (Ctrl+C to quit).") { once, width, height };
        client.AddTo(command);
        command.SetAction((parse, ct) => SentinelClientOptions.RunAsync("top", async () =>
        {
            using var api = client.CreateClient(parse, needsToken: false);
            var sampler = new TopSampler(api, TimeProvider.System);
            var console = AnsiConsole.Console;
            var columns = parse.GetValue(width) ?? console.Profile.Width;
            var lines = parse.GetValue(height) ?? console.Profile.Height;
            if (parse.GetValue(once))
            {
                var fixedSize = TopView.CreateConsole(Console.Out, columns, lines, ansi: !Console.IsOutputRedirected);
                fixedSize.Write(TopView.Render(await sampler.SampleAsync(ct).ConfigureAwait(false), columns, lines));
                return 0;
            }
            await LiveAsync(console, sampler, parse.GetValue(width), parse.GetValue(height), ct).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static async Task LiveAsync(IAnsiConsole console, TopSampler sampler, int? width, int? height, CancellationToken ct)
    {
        // Terminal size is read at every refresh, so resizing an SSH window re-lays the view out.
        (int Width, int Height) Size() => (width ?? console.Profile.Width, (height ?? console.Profile.Height) - 1);
        var first = await sampler.SampleAsync(ct).ConfigureAwait(false);
        var size = Size();
        await console.Live(TopView.Render(first, size.Width, size.Height)).AutoClear(false).StartAsync(async live =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(Refresh, ct).ConfigureAwait(false);
                    var sample = await sampler.SampleAsync(ct).ConfigureAwait(false);
                    size = Size();
                    live.UpdateTarget(TopView.Render(sample, size.Width, size.Height));
                    live.Refresh();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C: leave the last view on screen.
            }
        }).ConfigureAwait(false);
    }
}
