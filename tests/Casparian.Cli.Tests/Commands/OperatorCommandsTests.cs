using System.Text.RegularExpressions;
using Casparian.Broker.Store;
using Casparian.Broker.Store.Postgres;
using Casparian.Cli.Tests.Cluster;
using Casparian.Testing;

namespace Casparian.Cli.Tests.Commands;

/// <summary>
/// The operator commands as real processes against a real cluster (a Sentinel with its HTTP API on a free port, real
/// workers, PostgreSQL): init, status, jobs ls/show/cancel/retry, top --once, and /metrics.
/// </summary>
public sealed partial class OperatorCommandsTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("casparian-ops-");

    private string TokenFile => Path.Combine(_directory.FullName, "api-token");

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Init_creates_a_private_token_once_and_keeps_it()
    {
        var dir = Path.Combine(_directory.FullName, "state");

        var first = CasparianProcess.Run("init", "--dir", dir);
        var token = File.ReadAllText(Path.Combine(dir, "api-token"));
        var second = CasparianProcess.Run("init", "--dir", dir);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("created", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("kept existing", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(token, File.ReadAllText(Path.Combine(dir, "api-token")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "api-token")));
    }

    [Theory]
    [InlineData("--http", "8080", "--http '8080' is not HOST:PORT")]
    [InlineData("--otlp-endpoint", "ftp://collector:4317", "OTLP endpoint 'ftp://collector:4317' is not an http(s) URL")]
    public void A_malformed_operator_option_stops_the_sentinel_with_a_usage_error(string option, string value, string message)
    {
        var result = CasparianProcess.Run("sentinel", "--store", $"duckdb:{Path.Combine(_directory.FullName, "state.duckdb")}", "--token-file", TokenFile,
            option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Top_status_and_metrics_reflect_a_running_cluster()
    {
        var (storeUri, connectionString) = await postgres.NewStoreAsync();
        var (sentinel, endpoint, url) = await StartSentinelAsync(storeUri);
        await using var _ = sentinel;
        await using var w1 = await Cluster.Cluster.StartWorkerAsync(sentinel, endpoint, "top-w1", capacity: 4);
        await using var w2 = await Cluster.Cluster.StartWorkerAsync(sentinel, endpoint, "top-w2", capacity: 4);
        await using var store = await PostgresStateStore.OpenAsync(connectionString);
        const int jobs = 150;
        await store.EnqueueAsync([.. Enumerable.Range(0, jobs).Select(i => new EnqueueRequest($"mk-{i}", $"src-{i}", "builtin:noop"))]);
        await ClusterTests.WaitUntilAsync(async () => (await store.CountByStateAsync())[JobState.Completed] == jobs, RunTimeout, sentinel.Tail);

        using var http = new HttpClient { BaseAddress = url };
        var metrics = await PollAsync(() => http.GetStringAsync("/metrics"), m => m.Contains($"casparian_queue_depth{{state=\"Completed\"}} {jobs}", StringComparison.Ordinal));
        var small = await PollAsync(() => Task.FromResult(CasparianProcess.Run("top", "--once", "--sentinel", url.ToString(), "--width", "80", "--height", "24")),
            r => r.Stdout.Contains($"completed {jobs}", StringComparison.Ordinal));
        var large = CasparianProcess.Run("top", "--once", "--sentinel", url.ToString(), "--width", "200", "--height", "50");
        var status = CasparianProcess.Run("status", "--sentinel", url.ToString());

        Assert.Equal($"casparian_jobs_completed_total {jobs}", Line(metrics, "casparian_jobs_completed_total "));
        Assert.Equal("casparian_workers_connected 2", Line(metrics, "casparian_workers_connected "));
        AssertFits(small, 80, 24);
        AssertFits(large, 200, 50);
        foreach (var view in new[] { small.Stdout, large.Stdout })
        {
            Assert.Contains("Workers (2)", view, StringComparison.Ordinal);
            Assert.Contains("top-w1", view, StringComparison.Ordinal);
            Assert.Contains("top-w2", view, StringComparison.Ordinal);
            Assert.Matches(@"latency p50 [\d.]+ ms", view);
        }
        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"completed={jobs}", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("workers  2", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_commands_list_show_cancel_and_retry_through_the_api()
    {
        var (storeUri, connectionString) = await postgres.NewStoreAsync();
        await using (var seed = await PostgresStateStore.OpenAsync(connectionString))
        {
            // builtin:sleep reads its duration (ms) from the plugin version: long enough to cancel while it runs.
            await seed.EnqueueAsync([new EnqueueRequest("mk-long", "src-long", "builtin:sleep@30000"), new EnqueueRequest("mk-wait", "src-wait", "builtin:sleep@30000")]);
        }
        var (sentinel, endpoint, url) = await StartSentinelAsync(storeUri);
        await using var _ = sentinel;
        await using var worker = await Cluster.Cluster.StartWorkerAsync(sentinel, endpoint, "jobs-w1", capacity: 1);
        await worker.WaitForLineAsync(@"Job \d+ started", RunTimeout);
        var sentinelArgs = new[] { "--sentinel", url.ToString(), "--token-file", TokenFile };

        // The worker has started the job; the Sentinel records that lazily, so it may still be listed as dispatched.
        var listed = CasparianProcess.Run(["jobs", "ls", "--worker", "jobs-w1", .. sentinelArgs]);
        var runningId = JobIdOnRow(listed.Stdout, "dispatched|running");
        var queuedId = JobIdOnRow(CasparianProcess.Run(["jobs", "ls", "--state", "queued", .. sentinelArgs]).Stdout, "queued");
        var show = CasparianProcess.Run(["jobs", "show", runningId, .. sentinelArgs]);
        var noToken = CasparianProcess.Run("jobs", "cancel", queuedId, "--sentinel", url.ToString(), "--token-file", Path.Combine(_directory.FullName, "missing"));
        var cancelQueued = CasparianProcess.Run(["jobs", "cancel", queuedId, .. sentinelArgs]);
        var cancelRunning = CasparianProcess.Run(["jobs", "cancel", runningId, .. sentinelArgs]);
        var badState = CasparianProcess.Run(["jobs", "ls", "--state", "sleeping", .. sentinelArgs]);

        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("1 of 1 job(s)", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"worker_id\": \"jobs-w1\"", show.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, noToken.ExitCode);
        Assert.Contains("casparian init", noToken.Stderr, StringComparison.Ordinal);
        Assert.Contains($"job {queuedId}: aborted", cancelQueued.Stdout, StringComparison.Ordinal);
        Assert.Contains($"job {runningId}: abort requested", cancelRunning.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, badState.ExitCode);
        Assert.Contains("'sleeping' is not a job state", badState.Stderr, StringComparison.Ordinal);

        await using var store = await PostgresStateStore.OpenAsync(connectionString);
        var running = long.Parse(runningId, System.Globalization.CultureInfo.InvariantCulture);
        await ClusterTests.WaitUntilAsync(async () => (await store.GetJobAsync(running))!.State == JobState.Aborted, RunTimeout, sentinel.Tail);
        var retry = CasparianProcess.Run(["jobs", "retry", runningId, .. sentinelArgs]);
        var retryAgain = CasparianProcess.Run(["jobs", "retry", runningId, .. sentinelArgs]);

        Assert.Contains($"job {runningId}: queued", retry.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, retryAgain.ExitCode);
        Assert.Contains("409", retryAgain.Stderr, StringComparison.Ordinal);
        await worker.WaitForLineAsync($@"Job {runningId} started", RunTimeout);
    }

    private async Task<(ServiceProcess Sentinel, string Endpoint, Uri Url)> StartSentinelAsync(string storeUri)
    {
        var (sentinel, endpoint) = await Cluster.Cluster.StartSentinelAsync(storeUri, "tcp://127.0.0.1:*", "--http", "127.0.0.1:0", "--token-file", TokenFile);
        var http = await sentinel.WaitForLineAsync(@"HTTP control API listening on (http://\S+)", Cluster.Cluster.StartTimeout);
        return (sentinel, endpoint, new Uri(http.Groups[1].Value));
    }

    private static void AssertFits(CasparianProcess.Result result, int width, int height)
    {
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length <= height, $"{lines.Length} lines for a {width}x{height} terminal:\n{result.Stdout}");
        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} columns for a {width}x{height} terminal: '{l}'"));
    }

    private static string Line(string text, string prefix) => text.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));

    private static string JobIdOnRow(string listing, string state) =>
        listing.Split('\n').Select(l => JobRow().Match(l)).First(m => m.Success && Regex.IsMatch(m.Groups[2].Value, $"^({state})$")).Groups[1].Value;

    private static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> ready)
    {
        using var deadline = new CancellationTokenSource(RunTimeout);
        while (true)
        {
            var value = await probe();
            if (ready(value))
            {
                return value;
            }
            await Task.Delay(100, deadline.Token);
        }
    }

    [GeneratedRegex(@"^\s*(\d+)\s+(\w+)\s")]
    private static partial Regex JobRow();

    public void Dispose() => _directory.Delete(recursive: true);
}
