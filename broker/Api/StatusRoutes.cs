using Casparian.Broker.Api.Metrics;
using Casparian.Broker.Sentinel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Casparian.Broker.Api;

/// <summary>Probes (<c>/healthz</c>, <c>/readyz</c>), <c>/metrics</c>, and the status views: workers, queue, stats.</summary>
internal static class StatusRoutes
{
    /// <summary>How long /readyz waits for the store before calling it unreachable.</summary>
    private static readonly TimeSpan StoreProbeTimeout = TimeSpan.FromSeconds(2);

    public static void Map(WebApplication app, RouteGroupBuilder api, ControlApiState state)
    {
        app.MapGet("/healthz", () => Results.Json(new HealthView("ok", new Dictionary<string, string>()), ApiJsonContext.Default.HealthView));
        app.MapGet("/readyz", (CancellationToken ct) => ReadyAsync(state, ct));
        app.MapGet("/metrics", async (HttpContext http) =>
        {
            // Rendered to memory first: a slow client must not hold the scrape lock.
            var text = state.Metrics.Scrape();
            http.Response.ContentType = PrometheusTextWriter.ContentType;
            await http.Response.WriteAsync(text, http.RequestAborted).ConfigureAwait(false);
        });
        api.MapGet("/workers", (HttpContext http) =>
            QueryParameters.Of(http.Request).Problem
            ?? Results.Json(new WorkerList([.. state.Snapshot.Workers.Select(WorkerView.From)]), ApiJsonContext.Default.WorkerList));
        api.MapGet("/queue", async (HttpContext http, CancellationToken ct) =>
        {
            if (QueryParameters.Of(http.Request).Problem is { } problem)
            {
                return problem;
            }
            var snapshot = state.Snapshot;
            // Before the core's first count, ask the store once; afterwards the core's count (at most a heartbeat old) is used.
            var depth = snapshot.QueueCountedAt is null
                ? await state.Store.CountByStateAsync(ct).ConfigureAwait(false)
                : snapshot.QueueDepth;
            var counters = await state.Store.CountersAsync(ct).ConfigureAwait(false);
            var states = depth.ToDictionary(kv => JobStateNames.Format(kv.Key), kv => kv.Value);
            return Results.Json(new QueueView(states, snapshot.QueueCountedAt, counters.Retries, counters.Rejections, counters.WorkerLosses,
                counters.PoisonInputs), ApiJsonContext.Default.QueueView);
        });
        api.MapGet("/stats", (HttpContext http) =>
        {
            if (QueryParameters.Of(http.Request).Problem is { } problem)
            {
                return problem;
            }
            var metrics = state.Metrics;
            var latency = metrics.ReadHistogram(SentinelMetrics.DispatchLatencyName);
            long Count(string name) => (long)metrics.ReadCounter(name);
            return Results.Json(new StatsView(Count("casparian.jobs.dispatched"), Count("casparian.jobs.started"), Count("casparian.jobs.completed"),
                Count("casparian.jobs.failed"), Count("casparian.jobs.aborted"), Count("casparian.jobs.concluded"),
                latency?.Quantile(0.5), latency?.Quantile(0.9), latency?.Quantile(0.99)), ApiJsonContext.Default.StatsView);
        });
    }

    private static async Task<IResult> ReadyAsync(ControlApiState state, CancellationToken ct)
    {
        var checks = new Dictionary<string, string>();
        var listening = state.Sentinel.Listening;
        checks["router"] = listening.IsCompletedSuccessfully ? $"bound {listening.Result}" : listening.IsFaulted ? "failed to bind" : "not bound yet";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StoreProbeTimeout);
        try
        {
            await state.Store.CountJobsAsync(new Store.JobQuery(State: Store.JobState.Queued), timeout.Token).ConfigureAwait(false);
            checks["store"] = "reachable";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            checks["store"] = $"unreachable: {ex.GetType().Name}: {ex.Message}";
        }
        var ready = listening.IsCompletedSuccessfully && checks["store"] == "reachable";
        return Results.Json(new HealthView(ready ? "ready" : "not_ready", checks), ApiJsonContext.Default.HealthView,
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
