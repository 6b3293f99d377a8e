using Casparian.Broker.Store;

namespace Casparian.Broker.Tests.Api;

/// <summary>/metrics parsed by an independent Prometheus text parser: its counters equal the jobs actually run.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private ApiHarness _api = null!;

    public async Task InitializeAsync() => _api = await ApiHarness.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Metrics_parse_and_count_exactly_the_jobs_run_rows_written_and_quarantined()
    {
        const int completed = 12;
        var ids = await _api.EnqueueAsync(completed + 2);
        using var worker = FakeWorker.Connect(_api.Endpoint, "w-metrics", capacity: 4);
        var done = 0;
        var failed = 0;
        while (done + failed < ids.Count)
        {
            var (job, attempt) = worker.ReceiveDispatch();
            if (done < completed)
            {
                worker.Complete(job, attempt, rows: 10, quarantined: 1);
                done++;
            }
            else
            {
                worker.Fail(job, attempt);
                failed++;
            }
        }
        foreach (var id in ids)
        {
            await WaitForFinalAsync(id);
        }
        var queued = (await _api.EnqueueAsync(1, "to-cancel"))[0];
        // A job the test cancels before any worker could take it: the worker is at capacity 4 with nothing held, so
        // it may be dispatched first; either way it ends Aborted and is counted once.
        using var cancel = await _api.PostAsync($"/api/v1/jobs/{queued}/cancel", _api.Token.Value);
        Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());
        var receipts = completed + 2 + (await ConfirmIfDispatchedAsync(worker, queued) ? 1 : 0);

        var metrics = PrometheusText.Parse(await ScrapeUntilAsync(text => text.Contains("casparian_queue_depth{state=\"Aborted\"} 1", StringComparison.Ordinal)));

        Assert.Equal("counter", metrics["casparian_jobs_completed_total"].Type);
        Assert.Equal(completed, PrometheusText.Value(metrics, "casparian_jobs_completed_total"));
        Assert.Equal(2, PrometheusText.Value(metrics, "casparian_jobs_failed_total"));
        Assert.Equal(1, PrometheusText.Value(metrics, "casparian_jobs_aborted_total"));
        Assert.Equal(completed * 10, PrometheusText.Value(metrics, "casparian_rows_written_total"));
        Assert.Equal(completed, PrometheusText.Value(metrics, "casparian_rows_quarantined_total"));
        Assert.Equal(completed, PrometheusText.Value(metrics, "casparian_jobs_concluded_total", ("status", "Completed")));
        Assert.Equal(completed, PrometheusText.Value(metrics, "casparian_jobs_started_total"));
        Assert.Equal("histogram", metrics["casparian_dispatch_latency"].Type);
        Assert.Equal(receipts, PrometheusText.Value(metrics, "casparian_dispatch_latency_count"));
        Assert.Equal(completed, PrometheusText.Value(metrics, "casparian_job_duration_count"));
        Assert.Equal(completed, PrometheusText.Value(metrics, "casparian_queue_depth", ("state", "Completed")));
        Assert.Equal(1, PrometheusText.Value(metrics, "casparian_workers_connected"));
        Assert.Equal(0, PrometheusText.Value(metrics, "casparian_transport_bad_frames_total"));
        Assert.Equal("gauge", metrics["casparian_queue_depth"].Type);
        Assert.False(string.IsNullOrEmpty(metrics["casparian_jobs_dispatched_total"].Help));
    }

    [Fact]
    public async Task The_metrics_content_type_is_the_prometheus_text_format()
    {
        using var response = await _api.Http.GetAsync("/metrics");

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Plays the worker's part of a cancel if the job was dispatched first; returns true if it was (one more receipt).</summary>
    private async Task<bool> ConfirmIfDispatchedAsync(FakeWorker worker, long jobId)
    {
        var job = await _api.Store.GetJobAsync(jobId);
        var dispatched = job!.State is JobState.Dispatched or JobState.Running;
        if (dispatched)
        {
            var (_, attempt) = worker.ReceiveDispatch();
            Assert.Equal(jobId, worker.ReceiveAbort());
            worker.ConfirmAbort(jobId, attempt);
        }
        await _api.WaitForStateAsync(jobId, JobState.Aborted);
        return dispatched;
    }

    private async Task WaitForFinalAsync(long jobId)
    {
        using var deadline = new CancellationTokenSource(ApiHarness.Deadline);
        while (!JobTransitions.IsFinal((await _api.Store.GetJobAsync(jobId, deadline.Token))!.State))
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    /// <summary>Scrapes until <paramref name="ready"/> holds: the queue gauge is recounted once per heartbeat.</summary>
    private async Task<string> ScrapeUntilAsync(Func<string, bool> ready)
    {
        using var deadline = new CancellationTokenSource(ApiHarness.Deadline);
        while (true)
        {
            var text = await _api.Http.GetStringAsync("/metrics", deadline.Token);
            if (ready(text))
            {
                return text;
            }
            await Task.Delay(50, deadline.Token);
        }
    }
}
