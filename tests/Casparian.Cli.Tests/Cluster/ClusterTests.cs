using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;
using Casparian.Protocol.Messages;
using Casparian.Broker.Store.Postgres;
using Casparian.Testing;
using Npgsql;

namespace Casparian.Cli.Tests.Cluster;

/// <summary>The cluster acceptance tests: a real Sentinel and real workers as processes, on 127.0.0.1, with PostgreSQL.</summary>
public sealed class ClusterTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task One_sentinel_and_three_workers_complete_2000_jobs_exactly_once()
    {
        var (storeUri, connectionString) = await postgres.NewStoreAsync();
        var (sentinel, endpoint) = await Cluster.StartSentinelAsync(storeUri);
        await using var _ = sentinel;
        await using var w1 = await Cluster.StartWorkerAsync(sentinel, endpoint, "w1", capacity: 16);
        await using var w2 = await Cluster.StartWorkerAsync(sentinel, endpoint, "w2", capacity: 16);
        await using var w3 = await Cluster.StartWorkerAsync(sentinel, endpoint, "w3", capacity: 16);
        // Enqueued once all three are connected, so each of them gets work in the first round.
        await EnqueueAsync(connectionString, 2000, "builtin:noop", "1");

        await using (var store = await PostgresStateStore.OpenAsync(connectionString))
        {
            await WaitUntilAsync(async () => (await store.CountByStateAsync())[JobState.Completed] == 2000, RunTimeout, sentinel.Tail);
            var states = await store.CountByStateAsync();
            Assert.Equal(2000, states[JobState.Completed]);
            Assert.Equal(2000, states.Values.Sum());
        }

        await AssertOneMaterializationPerJobAsync(connectionString, 2000);
        // Every worker took part.
        Assert.All(new[] { w1, w2, w3 }, w => Assert.True(w.CountLines("concluded Completed") > 0, $"{w.Name} ran nothing"));
    }

    [Fact]
    public async Task A_killed_worker_s_jobs_are_requeued_within_the_heartbeat_timeout_and_completed_by_the_others()
    {
        var (storeUri, connectionString) = await postgres.NewStoreAsync();
        await EnqueueAsync(connectionString, 24, "builtin:sleep", "4000");

        var (sentinel, endpoint) = await Cluster.StartSentinelAsync(storeUri);
        await using var _ = sentinel;
        var victim = await Cluster.StartWorkerAsync(sentinel, endpoint, "victim", capacity: 4);
        await using var __ = victim;
        await using var w2 = await Cluster.StartWorkerAsync(sentinel, endpoint, "w2", capacity: 4);
        await using var w3 = await Cluster.StartWorkerAsync(sentinel, endpoint, "w3", capacity: 4);
        await victim.WaitForLineAsync("Job \\d+ started", Cluster.StartTimeout);

        await using var store = await PostgresStateStore.OpenAsync(connectionString);
        // Only the jobs still held: on a loaded machine starting w2 and w3 can take longer than one sleep, and
        // jobs the victim already completed keep its worker id.
        var held = (await store.QueryJobsAsync(new JobQuery(State: JobState.Running, WorkerId: "victim"), 100))
            .Concat(await store.QueryJobsAsync(new JobQuery(State: JobState.Dispatched, WorkerId: "victim"), 100)).ToList();
        Assert.NotEmpty(held);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        victim.KillHard();

        var lost = await sentinel.WaitForLineAsync(@"Worker victim lost after ([\d.]+) s without heartbeats; (\d+) job\(s\) requeued", TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"requeue took {clock.Elapsed}, over the 5 s heartbeat timeout:\n{sentinel.Tail(80)}");
        Assert.True(int.Parse(lost.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) > 0);

        await WaitUntilAsync(async () => (await store.CountByStateAsync())[JobState.Completed] == 24, RunTimeout, sentinel.Tail);
        foreach (var job in held)
        {
            var after = await store.GetJobAsync(job.Id);
            Assert.Equal(JobState.Completed, after!.State);
            Assert.Equal(1, after.WorkerLosses);
        }
        await AssertOneMaterializationPerJobAsync(connectionString, 24);
    }

    [Fact]
    public async Task A_frozen_worker_s_late_receipts_change_nothing()
    {
        var (storeUri, connectionString) = await postgres.NewStoreAsync();
        await EnqueueAsync(connectionString, 8, "builtin:sleep", "5000");

        var (sentinel, endpoint) = await Cluster.StartSentinelAsync(storeUri);
        await using var _ = sentinel;
        var frozen = await Cluster.StartWorkerAsync(sentinel, endpoint, "frozen", capacity: 4);
        await using var __ = frozen;
        await frozen.WaitForLineAsync("Job \\d+ started", Cluster.StartTimeout);

        // SIGSTOP: the worker misses its heartbeats but its jobs keep "running" and conclude when it resumes.
        Signal(frozen.Id, "STOP");
        await using var other = await Cluster.StartWorkerAsync(sentinel, endpoint, "other", capacity: 8);
        await sentinel.WaitForLineAsync("Worker frozen lost", TimeSpan.FromSeconds(10));
        await using var store = await PostgresStateStore.OpenAsync(connectionString);
        await WaitUntilAsync(async () => (await store.CountByStateAsync())[JobState.Completed] == 8, RunTimeout, sentinel.Tail);
        Assert.Equal(0, sentinel.CountLines("Complete → Completed \\(worker frozen\\)"));
        Signal(frozen.Id, "CONT");

        await sentinel.WaitForLineAsync("Ignored a late Complete of job \\d+ from worker frozen", TimeSpan.FromSeconds(20));
        await AssertOneMaterializationPerJobAsync(connectionString, 8);
        Assert.Equal(8, (await store.CountByStateAsync())[JobState.Completed]);
    }

    [Fact]
    public async Task Kill_9_of_the_sentinel_then_a_restart_loses_no_job_and_runs_none_twice()
    {
        var (storeUri, connectionString) = await postgres.NewStoreAsync();
        await EnqueueAsync(connectionString, 200, "builtin:sleep", "100");
        var bind = $"tcp://127.0.0.1:{FreePort()}";

        var (first, endpoint) = await Cluster.StartSentinelAsync(storeUri, bind);
        await using var w1 = await Cluster.StartWorkerAsync(first, endpoint, "w1", capacity: 4);
        await using var w2 = await Cluster.StartWorkerAsync(first, endpoint, "w2", capacity: 4);
        await first.WaitForLineAsync("Job \\d+ Complete", Cluster.StartTimeout);
        first.KillHard();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await first.DisposeAsync();

        var (second, _) = await Cluster.StartSentinelAsync(storeUri, bind);
        await using var __ = second;
        // Nobody restarts the workers: they notice the silence and identify again by themselves.
        await second.WaitForLineAsync("Worker w1 joined", TimeSpan.FromSeconds(20));
        await second.WaitForLineAsync("Worker w2 joined", TimeSpan.FromSeconds(20));

        await using var store = await PostgresStateStore.OpenAsync(connectionString);
        await WaitUntilAsync(async () => (await store.CountByStateAsync())[JobState.Completed] == 200, RunTimeout, second.Tail);
        await AssertOneMaterializationPerJobAsync(connectionString, 200);
    }

    [Fact]
    public async Task A_rogue_client_flooding_malformed_frames_for_30_s_does_not_stop_the_sentinel_serving_workers()
    {
        var (storeUri, connectionString) = await postgres.NewStoreAsync();
        await EnqueueAsync(connectionString, 300, "builtin:sleep", "150");
        var (sentinel, endpoint) = await Cluster.StartSentinelAsync(storeUri);
        await using var _ = sentinel;
        await using var rogue = ServiceProcess.Start("rogue", "/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Cluster", "rogue_client.py"), endpoint, "30"]);
        await using var w1 = await Cluster.StartWorkerAsync(sentinel, endpoint, "w1", capacity: 4);
        await using var w2 = await Cluster.StartWorkerAsync(sentinel, endpoint, "w2", capacity: 4);

        await using var store = await PostgresStateStore.OpenAsync(connectionString);
        await WaitUntilAsync(async () => (await store.CountByStateAsync())[JobState.Completed] == 300, RunTimeout, sentinel.Tail);
        Assert.False(rogue.HasExited, $"the flood ended before the workers finished, so it proved nothing:\n{rogue.Tail()}");

        var sent = await rogue.WaitForLineAsync(@"rogue sent (\d+)", TimeSpan.FromSeconds(60));
        Assert.True(long.Parse(sent.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 1000);
        Assert.Equal(1, sentinel.CountLines("Dropped malformed message from peer rogue-client"));
        await sentinel.WaitForLineAsync(@"Dropped \d+ malformed message\(s\) since the last heartbeat, \d+ in all", TimeSpan.FromSeconds(5));
        Assert.False(sentinel.HasExited);
        await AssertOneMaterializationPerJobAsync(connectionString, 300);
    }

    [Fact]
    public async Task Abort_of_a_job_whose_plugin_hangs_and_ignores_SIGTERM_kills_its_tree_within_2_s_and_commits_nothing()
    {
        var (storeUri, connectionString) = await postgres.NewStoreAsync();
        var (sentinel, endpoint) = await Cluster.StartSentinelAsync(storeUri);
        await using var _ = sentinel;
        await using var worker = await Cluster.StartWorkerAsync(sentinel, endpoint, "w1", capacity: 2);
        var bundle = RepoPaths.Fixture("plugins", "hang-ignore-term");
        var spec = new JobSpec
        {
            InputPath = "/dev/null",
            Plugin = new PluginRef { Name = "hang-ignore-term", Version = "1", ArtifactHash = "fixture", RuntimeKind = "native_exec", BundlePath = bundle, Entrypoint = "run.sh" },
            Outputs = [new ExpectedOutput { Name = "rows", Table = "t", SinkUri = "duckdb:///tmp/none.duckdb", SchemaHash = "s", OutputTargetKey = "otk", MaterializationKey = "mk-hang" }],
        };
        await using var store = await PostgresStateStore.OpenAsync(connectionString);
        var jobId = (await store.EnqueueAsync([new EnqueueRequest("mk-hang", "src-hang", "hang-ignore-term@1", Payload: spec.ToJson())])).NewJobIds[0];
        await worker.WaitForLineAsync($"Job {jobId} started", Cluster.StartTimeout);
        var tree = await WaitForProcessGroupAsync(Path.Combine(bundle, "run.sh"));
        Assert.True(tree.Count >= 2, "the fixture should have a child process");

        await store.CancelAsync([jobId], "operator cancel");
        await sentinel.WaitForLineAsync($"ABORT sent for job {jobId}", TimeSpan.FromSeconds(10));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (tree.Exists(IsAlive))
            {
                // Watching /proc with a deadline: there is no event for another process tree's end.
                await Task.Delay(10, deadline.Token);
            }
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the plugin's process tree took {clock.Elapsed} to go");

        await WaitUntilAsync(async () => (await store.GetJobAsync(jobId))!.State == JobState.Aborted, RunTimeout, sentinel.Tail);
        Assert.Equal(["mk-hang"], await store.Catalog.MissingMaterializationsAsync(["mk-hang"]));
    }

    /// <summary>The pids of the process group led by the process running <paramref name="script"/>.</summary>
    private static async Task<List<int>> WaitForProcessGroupAsync(string script)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var leader = Directory.EnumerateDirectories("/proc").Select(d => Path.GetFileName(d))
                .Where(n => n.All(char.IsAsciiDigit)).Select(int.Parse)
                .FirstOrDefault(pid => ReadOrEmpty($"/proc/{pid}/cmdline").Contains(script, StringComparison.Ordinal) && ProcessGroupOf(pid) == pid);
            if (leader != 0)
            {
                var members = Directory.EnumerateDirectories("/proc").Select(d => Path.GetFileName(d))
                    .Where(n => n.All(char.IsAsciiDigit)).Select(int.Parse).Where(pid => ProcessGroupOf(pid) == leader).ToList();
                if (members.Count >= 2)
                {
                    return members;
                }
            }
            await Task.Delay(20, deadline.Token);
        }
    }

    private static int ProcessGroupOf(int pid)
    {
        var stat = ReadOrEmpty($"/proc/{pid}/stat");
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return 0;
        }
        var fields = stat[(close + 2)..].Split(' ');
        return fields.Length > 2 && int.TryParse(fields[2], System.Globalization.CultureInfo.InvariantCulture, out var group) ? group : 0;
    }

    private static bool IsAlive(int pid)
    {
        var stat = ReadOrEmpty($"/proc/{pid}/stat");
        var close = stat.LastIndexOf(')');
        return close >= 0 && stat[(close + 2)..][0] is not ('Z' or 'X');
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task EnqueueAsync(string connectionString, int count, string plugin, string version)
    {
        await using var store = await PostgresStateStore.OpenAsync(connectionString);
        // builtin:sleep reads its duration from the plugin version, carried in the plugin name until jobs have payloads.
        var jobs = Enumerable.Range(0, count).Select(i => new EnqueueRequest($"mk-{i:D5}", $"src-{i:D5}", $"{plugin}@{version}")).ToArray();
        Assert.Equal(count, (await store.EnqueueAsync(jobs)).NewJobIds.Count);
    }

    private static async Task AssertOneMaterializationPerJobAsync(string connectionString, int jobs)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT job_id), count(DISTINCT materialization_key) FROM materializations", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(jobs, reader.GetInt64(0));
        Assert.Equal(jobs, reader.GetInt64(1));
        Assert.Equal(jobs, reader.GetInt64(2));
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<int, string> diagnostics)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            try
            {
                // Polling the store with a deadline: the store has no change feed to wait on.
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"condition not met within {timeout}:\n{diagnostics(60)}");
            }
        }
    }
}
