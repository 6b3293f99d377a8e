using System.Net;
using Casparian.Broker.Api;
using Casparian.Broker.Store.Catalog;

namespace Casparian.Broker.Tests.Api;

/// <summary>Probes, workers, queue, stats and the catalog routes against a real Sentinel and DuckDB store.</summary>
public sealed class StatusRoutesTests : IAsyncLifetime
{
    private ApiHarness _api = null!;

    public async Task InitializeAsync() => _api = await ApiHarness.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Healthz_answers_and_readyz_reports_the_bound_router_and_a_reachable_store()
    {
        var health = await _api.GetJsonAsync("/healthz", ApiJsonContext.Default.HealthView);
        var ready = await _api.GetJsonAsync("/readyz", ApiJsonContext.Default.HealthView);

        Assert.Equal("ok", health.Status);
        Assert.Equal("ready", ready.Status);
        Assert.Equal($"bound {_api.Endpoint}", ready.Checks["router"]);
        Assert.Equal("reachable", ready.Checks["store"]);
    }

    [Fact]
    public async Task Workers_lists_each_identified_worker_with_version_runtimes_capacity_and_running_jobs()
    {
        await _api.EnqueueAsync(1);
        using var worker = FakeWorker.Connect(_api.Endpoint, "w-list", capacity: 3, version: "9.9.9");
        worker.ReceiveDispatch();

        var listed = await PollAsync(async () =>
        {
            var list = await _api.GetJsonAsync("/api/v1/workers", ApiJsonContext.Default.WorkerList);
            return list.Workers.FirstOrDefault(w => w.WorkerId == "w-list" && w.Running == 1);
        });

        Assert.Equal(("9.9.9", 3, false), (listed.Version, listed.Capacity, listed.Draining));
        Assert.Equal(["builtin", "python"], listed.Runtimes);
        Assert.True(DateTimeOffset.UtcNow - listed.LastHeartbeat < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Queue_counts_jobs_by_state_and_stats_counts_what_this_sentinel_did()
    {
        var ids = await _api.EnqueueAsync(4);
        using var worker = FakeWorker.Connect(_api.Endpoint, "w-queue", capacity: 1);
        var (job, attempt) = worker.ReceiveDispatch();
        worker.Complete(job, attempt, rows: 5);
        await _api.WaitForStateAsync(job, Casparian.Broker.Store.JobState.Completed);
        var (second, secondAttempt) = worker.ReceiveDispatch();
        worker.Fail(second, secondAttempt);
        await _api.WaitForStateAsync(second, Casparian.Broker.Store.JobState.Failed);

        // The core recounts once per heartbeat: poll until its count has caught up.
        var queue = await PollAsync(async () =>
        {
            var q = await _api.GetJsonAsync("/api/v1/queue", ApiJsonContext.Default.QueueView);
            return q.States["completed"] == 1 && q.States["failed"] == 1 ? q : null;
        });
        var stats = await _api.GetJsonAsync("/api/v1/stats", ApiJsonContext.Default.StatsView);

        Assert.Equal(ids.Count, queue.States.Values.Sum());
        Assert.Equal(["aborted", "completed", "dead_letter", "dispatched", "failed", "queued", "running"], queue.States.Keys.Order());
        Assert.NotNull(queue.CountedAt);
        Assert.Equal((1, 1, 2), (stats.Completed, stats.Failed, stats.Receipts));
        Assert.True(stats.Dispatched >= 3, $"dispatched {stats.Dispatched}");
        Assert.NotNull(stats.LatencyP50Ms);
        Assert.True(stats.LatencyP50Ms <= stats.LatencyP99Ms);
    }

    [Fact]
    public async Task Sources_plugins_and_materializations_come_from_the_catalog()
    {
        await _api.Store.Catalog.AddSourceRootAsync("file:///evidence");
        await _api.Store.Catalog.RegisterPluginAsync(new PluginManifest("evtx", "1.0.0", "sha-1", "python", "evtx.py", "{}"));
        await _api.Store.Catalog.RecordMaterializationsAsync([new Materialization("m1", "t1", "src-a", "sha-1", null, 7), new Materialization("m2", "t2", "src-b", "sha-1", null, 1)]);

        var sources = await _api.GetJsonAsync("/api/v1/sources", ApiJsonContext.Default.SourceList);
        var plugins = await _api.GetJsonAsync("/api/v1/plugins", ApiJsonContext.Default.PluginList);
        var bySource = await _api.GetJsonAsync("/api/v1/materializations?source_hash=src-a", ApiJsonContext.Default.MaterializationList);
        var byTarget = await _api.GetJsonAsync("/api/v1/materializations?output_target=t2&limit=5", ApiJsonContext.Default.MaterializationList);

        Assert.Equal("file:///evidence", Assert.Single(sources.Sources).Uri);
        Assert.Equal(new PluginView("evtx", "1.0.0", "sha-1", "python", "evtx.py"), Assert.Single(plugins.Plugins));
        Assert.Equal(new MaterializationView("m1", "t1", "src-a", "sha-1", null, 7), Assert.Single(bySource.Materializations));
        Assert.Equal("m2", Assert.Single(byTarget.Materializations).Key);
    }

    [Theory]
    [InlineData("/api/v1/workers?all=1", "all")]
    [InlineData("/api/v1/sources?limit=1", "limit")]
    [InlineData("/api/v1/plugins?name=x", "name")]
    [InlineData("/api/v1/materializations?limit=-1", "limit")]
    [InlineData("/api/v1/materializations?source=abc", "source")]
    [InlineData("/api/v1/queue?state=queued", "state")]
    [InlineData("/api/v1/stats?window=5", "window")]
    public async Task A_malformed_status_query_is_a_400_problem_naming_the_parameter(string path, string parameter)
    {
        using var response = await _api.Http.GetAsync(path);

        await JobRoutesTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, parameter);
    }

    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe) where T : class
    {
        using var deadline = new CancellationTokenSource(ApiHarness.Deadline);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(50, deadline.Token);
        }
    }
}
