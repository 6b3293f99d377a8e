using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Casparian.Cli.Top;

/// <summary>
/// Lays out one <see cref="TopSample"/> for a terminal of a given size: a header, the queue with throughput and
/// latency, the workers, and recent failures. Tables get fewer rows until the whole view fits the height.
/// </summary>
internal static class TopView
{
    /// <summary>Smallest terminal the view is laid out for.</summary>
    public const int MinWidth = 40;

    public const int MinHeight = 12;

    /// <summary>The view for <paramref name="sample"/>, no taller than <paramref name="height"/> lines at <paramref name="width"/> columns.</summary>
    public static IRenderable Render(TopSample sample, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(sample);
        width = Math.Max(width, MinWidth);
        height = Math.Max(height, MinHeight);
        var workerRows = sample.Workers.Workers.Count;
        var failureRows = sample.RecentFailures.Count;
        while (true)
        {
            var view = Compose(sample, workerRows, failureRows, width);
            if (LineCount(view, width, height) <= height || (workerRows == 0 && failureRows == 0))
            {
                return view;
            }
            // Shrink the longer list first, so both stay visible as long as possible.
            if (failureRows >= workerRows && failureRows > 0)
            {
                failureRows--;
            }
            else
            {
                workerRows--;
            }
        }
    }

    private static Rows Compose(TopSample sample, int workerRows, int failureRows, int width) => new(
        new Markup(Markup.Escape(Header(sample, width))),
        QueuePanel(sample),
        WorkersTable(sample, workerRows),
        FailuresTable(sample, failureRows));

    private static string Header(TopSample sample, int width)
    {
        var text = $"casparian top  {sample.Sentinel.GetLeftPart(UriPartial.Authority)}  {sample.At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC";
        return text.Length <= width ? text : text[..width];
    }

    private static Panel QueuePanel(TopSample sample)
    {
        var states = sample.Queue.States;
        var stats = sample.Stats;
        string State(string name) => $"{name} [bold]{states.GetValueOrDefault(name).ToString("N0", CultureInfo.InvariantCulture)}[/]";
        var rate = sample.JobsPerSecond is { } r ? r.ToString("N1", CultureInfo.InvariantCulture) : "…";
        var lines = new[]
        {
            string.Join("  ", new[] { "queued", "dispatched", "running" }.Select(State)),
            string.Join("  ", new[] { "completed", "failed", "aborted", "dead_letter" }.Select(State)),
            $"throughput [bold]{rate}[/] jobs/s   latency p50 {Ms(stats.LatencyP50Ms)}  p90 {Ms(stats.LatencyP90Ms)}  p99 {Ms(stats.LatencyP99Ms)}",
            string.Create(CultureInfo.InvariantCulture,
                $"retries {sample.Queue.Retries}  rejections {sample.Queue.Rejections}  worker losses {sample.Queue.WorkerLosses}  poison {sample.Queue.PoisonInputs}"),
        };
        return new Panel(new Markup(string.Join('\n', lines))) { Header = new PanelHeader("Queue"), Expand = true };
    }

    private static string Ms(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "-";

    private static Table WorkersTable(TopSample sample, int rows)
    {
        var workers = sample.Workers.Workers;
        var table = new Table { Border = TableBorder.Simple, Expand = true, Title = new TableTitle($"Workers ({workers.Count})") };
        table.AddColumn("worker");
        table.AddColumn(new TableColumn("running").RightAligned());
        table.AddColumn("runtimes");
        table.AddColumn("version");
        table.AddColumn(new TableColumn("seen").RightAligned());
        foreach (var worker in workers.Take(RowsShown(workers.Count, rows)))
        {
            var seen = Math.Max(0, (sample.At - worker.LastHeartbeat).TotalSeconds);
            table.AddRow(
                Markup.Escape(worker.WorkerId) + (worker.Draining ? " [yellow](draining)[/]" : ""),
                $"{worker.Running}/{worker.Capacity}",
                Markup.Escape(string.Join(',', worker.Runtimes)),
                Markup.Escape(worker.Version),
                seen.ToString("0", CultureInfo.InvariantCulture) + "s");
        }
        AddMore(table, workers.Count, rows, 5);
        return table;
    }

    private static Table FailuresTable(TopSample sample, int rows)
    {
        var failures = sample.RecentFailures;
        var table = new Table { Border = TableBorder.Simple, Expand = true, Title = new TableTitle($"Recent failures ({failures.Count})") };
        table.AddColumn(new TableColumn("job").RightAligned());
        table.AddColumn("plugin");
        table.AddColumn("reason");
        foreach (var job in failures.Take(RowsShown(failures.Count, rows)))
        {
            table.AddRow(job.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(job.Plugin), Markup.Escape(OneLine(job.Reason ?? "")));
        }
        AddMore(table, failures.Count, rows, 3);
        return table;
    }

    /// <summary>Rows of items shown when <paramref name="rows"/> lines are available: one is kept for "… N more" when they do not all fit.</summary>
    private static int RowsShown(int count, int rows) => count <= rows ? count : Math.Max(0, rows - 1);

    private static void AddMore(Table table, int count, int rows, int columns)
    {
        var shown = RowsShown(count, rows);
        if (shown < count && rows > 0)
        {
            table.AddRow([$"[grey]… {count - shown} more[/]", .. Enumerable.Repeat("", columns - 1)]);
        }
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 120 ? line : line[..119] + "…";
    }

    /// <summary>How many lines the view takes at this width, measured by rendering it off-screen.</summary>
    public static int LineCount(IRenderable view, int width, int height)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var console = CreateConsole(writer, width, height, ansi: false);
        console.Write(view);
        return writer.ToString().TrimEnd('\n').Split('\n').Length;
    }

    /// <summary>A console of a fixed size writing to <paramref name="writer"/> (for --once, tests and measuring).</summary>
    public static IAnsiConsole CreateConsole(TextWriter writer, int width, int height, bool ansi)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ansi ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        console.Profile.Height = height;
        return console;
    }
}
