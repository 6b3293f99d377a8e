using System.Globalization;
using Casparian.Broker.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Casparian.Broker.Api;

/// <summary><c>/api/v1/jobs</c>: list with filters and cursor paging, show, cancel and retry.</summary>
internal static class JobRoutes
{
    /// <summary>Largest page.</summary>
    public const int MaxLimit = 1000;

    private const int DefaultLimit = 100;

    public static void Map(RouteGroupBuilder api, ControlApiState state)
    {
        api.MapGet("/jobs", (HttpContext http, CancellationToken ct) => ListAsync(http, state, ct));
        api.MapGet("/jobs/{id}", (string id, CancellationToken ct) => ShowAsync(id, state, ct));
        var mutating = api.MapGroup("/jobs").AddEndpointFilter((context, next) =>
            state.Token.Authorizes(context.HttpContext.Request.Headers.Authorization) ? next(context) : ValueTask.FromResult<object?>(Problems.Unauthorized()));
        mutating.MapPost("/{id}/cancel", (string id, CancellationToken ct) => CancelAsync(id, state, ct));
        mutating.MapPost("/{id}/retry", (string id, CancellationToken ct) => RetryAsync(id, state, ct));
    }

    private static async Task<IResult> ListAsync(HttpContext http, ControlApiState state, CancellationToken ct)
    {
        var query = QueryParameters.Of(http.Request, "state", "worker", "plugin", "source_hash", "limit", "cursor");
        JobState? filterState = null;
        if (query.Text("state") is { } stateText)
        {
            if (JobStateNames.TryParse(stateText, out var parsed))
            {
                filterState = parsed;
            }
            else
            {
                query.Fail("state", $"'{stateText}' is not a job state; use one of: {JobStateNames.All}");
            }
        }
        var filter = new JobQuery(filterState, query.Text("worker"), query.Text("source_hash"), query.Text("plugin"));
        var limit = (int)query.Integer("limit", 1, MaxLimit, DefaultLimit)!.Value;
        var cursor = query.Integer("cursor", 0, long.MaxValue);
        if (query.Problem is { } problem)
        {
            return problem;
        }
        // One row more than asked tells whether another page follows.
        var rows = await state.Store.QueryJobsAsync(filter with { AfterId = cursor }, limit + 1, ct).ConfigureAwait(false);
        var total = await state.Store.CountJobsAsync(filter, ct).ConfigureAwait(false);
        var page = rows.Take(limit).Select(JobView.From).ToList();
        long? next = rows.Count > limit ? page[^1].Id : null;
        return Results.Json(new JobPage(page, total, next), ApiJsonContext.Default.JobPage);
    }

    private static async Task<IResult> ShowAsync(string idText, ControlApiState state, CancellationToken ct)
    {
        if (!TryParseId(idText, out var id, out var problem))
        {
            return problem;
        }
        var job = await state.Store.GetJobAsync(id, ct).ConfigureAwait(false);
        return job is null ? Problems.NotFound($"no job {id}") : Results.Json(JobView.From(job), ApiJsonContext.Default.JobView);
    }

    /// <summary>
    /// Queued → Aborted at once (200). Dispatched/Running → abort requested (202): the Sentinel sends ABORT at its next
    /// heartbeat tick and the job becomes Aborted when the worker confirms.
    /// </summary>
    private static async Task<IResult> CancelAsync(string idText, ControlApiState state, CancellationToken ct)
    {
        if (!TryParseId(idText, out var id, out var problem))
        {
            return problem;
        }
        var result = (await state.Store.CancelAsync([id], "cancelled through the control API", ct).ConfigureAwait(false))[0];
        if (result.State is not { } after)
        {
            return Problems.NotFound($"no job {id}");
        }
        if (!result.Applied)
        {
            return Problems.Conflict($"job {id} is {JobStateNames.Format(after)}; only queued, dispatched or running jobs can be cancelled");
        }
        if (after == JobState.Aborted)
        {
            // The core never sees this change, so it is counted here.
            state.Sentinel.Core?.Metrics.Aborted.Add(1);
            return Results.Json(new JobActionResult(id, JobStateNames.Format(after), AbortRequested: false), ApiJsonContext.Default.JobActionResult);
        }
        return Results.Json(new JobActionResult(id, JobStateNames.Format(after), AbortRequested: true), ApiJsonContext.Default.JobActionResult,
            statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>Failed, Aborted or DeadLetter → Queued (200); any other state is a 409.</summary>
    private static async Task<IResult> RetryAsync(string idText, ControlApiState state, CancellationToken ct)
    {
        if (!TryParseId(idText, out var id, out var problem))
        {
            return problem;
        }
        var result = await state.Store.TransitionAsync(id, JobTransition.Retry, reason: "retried through the control API", cancellationToken: ct)
            .ConfigureAwait(false);
        if (result.State is not { } after)
        {
            return Problems.NotFound($"no job {id}");
        }
        return result.Applied
            ? Results.Json(new JobActionResult(id, JobStateNames.Format(after), AbortRequested: false), ApiJsonContext.Default.JobActionResult)
            : Problems.Conflict($"job {id} is {JobStateNames.Format(after)}; only failed, aborted or dead_letter jobs can be retried");
    }

    private static bool TryParseId(string text, out long id, out IResult problem)
    {
        problem = null!;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0)
        {
            return true;
        }
        problem = Problems.BadParameter("id", $"job id '{text}' is not a positive integer");
        return false;
    }
}
