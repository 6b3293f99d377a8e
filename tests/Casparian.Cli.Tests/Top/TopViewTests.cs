using System.Globalization;
using Casparian.Broker.Api;
using Casparian.Cli.Top;

namespace Casparian.Cli.Tests.Top;

/// <summary>The top view's layout on fixed-size fake consoles: it must fit the terminal whatever the cluster's size.</summary>
public sealed class TopViewTests
{
    [Theory]
    [InlineData(80, 24, 3, 2)]
    [InlineData(80, 24, 40, 40)]
    [InlineData(200, 50, 3, 2)]
    [InlineData(200, 50, 120, 300)]
    public void The_view_fits_the_terminal_and_says_how_many_rows_it_left_out(int width, int height, int workers, int failures)
    {
        var sample = Sample(workers, failures);

        var lines = Render(sample, width, height);

        Assert.True(lines.Count <= height, $"{lines.Count} lines at {width}x{height}:\n{string.Join('\n', lines)}");
        Assert.All(lines, line => Assert.True(line.Length <= width, $"line of {line.Length} columns: '{line}'"));
        Assert.Contains(lines, l => l.Contains($"Workers ({workers})", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Recent failures ({failures})", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("completed 1,234", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("throughput 250.0 jobs/s", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("worker-000", StringComparison.Ordinal));
        var shownWorkers = lines.Count(l => l.Contains("worker-", StringComparison.Ordinal));
        if (shownWorkers < workers)
        {
            Assert.Contains(lines, l => l.Contains($"… {workers - shownWorkers} more", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_large_terminal_shows_every_worker_of_a_small_cluster_with_its_load()
    {
        var lines = Render(Sample(3, 2), 200, 50);

        Assert.Equal(3, lines.Count(l => l.Contains("worker-", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("worker-001", StringComparison.Ordinal) && l.Contains("1/8", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("p50 1.5 ms", StringComparison.Ordinal) && l.Contains("p99 9.0 ms", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("bad timestamp 1", StringComparison.Ordinal));
    }

    internal static IReadOnlyList<string> Render(TopSample sample, int width, int height)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var console = TopView.CreateConsole(writer, width, height, ansi: false);
        console.Write(TopView.Render(sample, width, height));
        return writer.ToString().TrimEnd('\n').Split('\n').Select(l => l.TrimEnd('\r')).ToList();
    }

    private static TopSample Sample(int workers, int failures)
    {
        var now = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
        var workerViews = Enumerable.Range(0, workers)
            .Select(i => new WorkerView($"worker-{i:D3}", "1.0.0", ["builtin", "python"], 8, i % 9, now.AddSeconds(-1), i == 2))
            .ToList();
        var failed = Enumerable.Range(1, failures)
            .Select(i => new JobView(i, "failed", $"mk-{i}", $"src-{i}", "evtx", 0, null, null, now, 1, 0, 0, 0, false, $"contract.violation: bad timestamp {i}\nsecond line"))
            .OrderByDescending(j => j.Id)
            .ToList();
        var states = new Dictionary<string, long>
        {
            ["queued"] = 10, ["dispatched"] = 2, ["running"] = 5, ["completed"] = 1234, ["failed"] = failures, ["aborted"] = 0, ["dead_letter"] = 1,
        };
        return new TopSample(new Uri("http://127.0.0.1:8080"), now, new WorkerList(workerViews), new QueueView(states, now, 3, 1, 0, 0),
            new StatsView(1300, 1250, 1234, failures, 0, 1240, 1.5, 4.2, 9.0), failed, 250);
    }
}
