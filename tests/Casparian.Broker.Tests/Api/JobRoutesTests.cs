using System.Net;
using System.Net.Http.Json;
using Casparian.Broker.Api;
using Casparian.Broker.Store;

namespace Casparian.Broker.Tests.Api;

/// <summary>/api/v1/jobs against a real Sentinel and DuckDB store: listing, show, cancel and retry acting on real job state.</summary>
public sealed class JobRoutesTests : IAsyncLifetime
{
    private ApiHarness _api = null!;

    public async Task InitializeAsync() => _api = await ApiHarness.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Jobs_are_listed_with_filters_a_total_and_a_cursor_that_walks_every_page()
    {
        var evtx = await _api.EnqueueAsync(5, "e", plugin: "evtx");
        var csv = await _api.EnqueueAsync(2, "c", plugin: "csv");

        var first = await _api.GetJsonAsync("/api/v1/jobs?plugin=evtx&limit=2", ApiJsonContext.Default.JobPage);
        var ids = first.Jobs.Select(j => j.Id).ToList();
        var cursor = first.NextCursor;
        while (cursor is not null)
        {
            var page = await _api.GetJsonAsync($"/api/v1/jobs?plugin=evtx&limit=2&cursor={cursor}", ApiJsonContext.Default.JobPage);
            ids.AddRange(page.Jobs.Select(j => j.Id));
            cursor = page.NextCursor;
        }

        Assert.Equal(5, first.Total);
        Assert.Equal(evtx, ids);
        var queued = await _api.GetJsonAsync("/api/v1/jobs?state=queued&source_hash=src-1", ApiJsonContext.Default.JobPage);
        Assert.Equal([evtx[1], csv[1]], queued.Jobs.Select(j => j.Id));
        Assert.All(queued.Jobs, j => Assert.Equal("queued", j.State));
        Assert.Empty((await _api.GetJsonAsync("/api/v1/jobs?worker=nobody", ApiJsonContext.Default.JobPage)).Jobs);
    }

    [Theory]
    [InlineData("/api/v1/jobs?state=sleeping", "state")]
    [InlineData("/api/v1/jobs?state=3", "state")]
    [InlineData("/api/v1/jobs?limit=0", "limit")]
    [InlineData("/api/v1/jobs?limit=1001", "limit")]
    [InlineData("/api/v1/jobs?limit=ten", "limit")]
    [InlineData("/api/v1/jobs?cursor=-1", "cursor")]
    [InlineData("/api/v1/jobs?plugin=", "plugin")]
    [InlineData("/api/v1/jobs?stat=queued", "stat")]
    [InlineData("/api/v1/jobs?limit=1&limit=2", "limit")]
    [InlineData("/api/v1/jobs/abc", "id")]
    [InlineData("/api/v1/jobs/0", "id")]
    public async Task A_malformed_job_query_is_a_400_problem_naming_the_parameter(string path, string parameter)
    {
        using var response = await _api.Http.GetAsync(path);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task A_job_is_shown_by_id_and_an_unknown_id_is_a_404()
    {
        var id = (await _api.EnqueueAsync(1, "show", plugin: "evtx"))[0];

        var job = await _api.GetJsonAsync($"/api/v1/jobs/{id}", ApiJsonContext.Default.JobView);
        using var missing = await _api.Http.GetAsync("/api/v1/jobs/999999");

        Assert.Equal((id, "queued", "evtx", "show-0", "src-0"), (job.Id, job.State, job.Plugin, job.MaterializationKey, job.SourceHash));
        await AssertProblemAsync(missing, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_job_json_is_snake_case()
    {
        var id = (await _api.EnqueueAsync(1))[0];

        var json = await _api.Http.GetStringAsync($"/api/v1/jobs/{id}");

        Assert.Contains("\"materialization_key\":\"mk-0\"", json, StringComparison.Ordinal);
        Assert.Contains("\"abort_requested\":false", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token")]
    [InlineData("")]
    public async Task Cancel_and_retry_without_the_right_token_are_401_and_change_nothing(string? bearer)
    {
        var queued = (await _api.EnqueueAsync(1, "q"))[0];
        var aborted = (await _api.EnqueueAsync(1, "a"))[0];
        await _api.Store.CancelAsync([aborted], "setup");

        using var cancel = await _api.PostAsync($"/api/v1/jobs/{queued}/cancel", bearer);
        using var retry = await _api.PostAsync($"/api/v1/jobs/{aborted}/retry", bearer);
        using var badIdToo = await _api.PostAsync("/api/v1/jobs/abc/cancel", bearer);

        await AssertProblemAsync(cancel, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(retry, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(badIdToo, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", cancel.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(JobState.Queued, (await _api.Store.GetJobAsync(queued))!.State);
        Assert.Equal(JobState.Aborted, (await _api.Store.GetJobAsync(aborted))!.State);
    }

    [Fact]
    public async Task Cancel_and_retry_with_a_malformed_id_are_400_and_unknown_jobs_404()
    {
        using var cancelBad = await _api.PostAsync("/api/v1/jobs/-5/cancel", _api.Token.Value);
        using var retryBad = await _api.PostAsync("/api/v1/jobs/1.5/retry", _api.Token.Value);
        using var cancelUnknown = await _api.PostAsync("/api/v1/jobs/424242/cancel", _api.Token.Value);
        using var retryUnknown = await _api.PostAsync("/api/v1/jobs/424242/retry", _api.Token.Value);

        await AssertProblemAsync(cancelBad, HttpStatusCode.BadRequest, "id");
        await AssertProblemAsync(retryBad, HttpStatusCode.BadRequest, "id");
        await AssertProblemAsync(cancelUnknown, HttpStatusCode.NotFound);
        await AssertProblemAsync(retryUnknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancelling_a_queued_job_aborts_it_at_once_and_retry_queues_it_again()
    {
        var id = (await _api.EnqueueAsync(1))[0];

        using var cancel = await _api.PostAsync($"/api/v1/jobs/{id}/cancel", _api.Token.Value);
        var cancelled = await cancel.Content.ReadFromJsonAsync(ApiJsonContext.Default.JobActionResult);
        var afterCancel = await _api.Store.GetJobAsync(id);
        using var cancelAgain = await _api.PostAsync($"/api/v1/jobs/{id}/cancel", _api.Token.Value);
        using var retry = await _api.PostAsync($"/api/v1/jobs/{id}/retry", _api.Token.Value);
        var retried = await retry.Content.ReadFromJsonAsync(ApiJsonContext.Default.JobActionResult);
        using var retryAgain = await _api.PostAsync($"/api/v1/jobs/{id}/retry", _api.Token.Value);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(new JobActionResult(id, "aborted", false), cancelled);
        Assert.Equal(JobState.Aborted, afterCancel!.State);
        await AssertProblemAsync(cancelAgain, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(new JobActionResult(id, "queued", false), retried);
        await AssertProblemAsync(retryAgain, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Cancelling_a_running_job_sends_abort_to_its_worker_and_it_is_aborted_when_confirmed_then_retry_runs_it_again()
    {
        var id = (await _api.EnqueueAsync(1))[0];
        using var worker = FakeWorker.Connect(_api.Endpoint, "w-abort", capacity: 1);
        var (dispatched, attempt) = worker.ReceiveDispatch();
        Assert.Equal(id, dispatched);

        using var cancel = await _api.PostAsync($"/api/v1/jobs/{id}/cancel", _api.Token.Value);
        var requested = await cancel.Content.ReadFromJsonAsync(ApiJsonContext.Default.JobActionResult);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.True(requested!.AbortRequested);
        Assert.Equal(id, worker.ReceiveAbort());
        worker.ConfirmAbort(id, attempt);
        await _api.WaitForStateAsync(id, JobState.Aborted);

        using var retry = await _api.PostAsync($"/api/v1/jobs/{id}/retry", _api.Token.Value);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var (again, secondAttempt) = worker.ReceiveDispatch();
        Assert.Equal(id, again);
        worker.Complete(id, secondAttempt, rows: 1);
        await _api.WaitForStateAsync(id, JobState.Completed);
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? parameter = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonSerializer.Deserialize(body, ApiJsonContext.Default.ApiProblem)!;
        Assert.Equal((int)status, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        if (parameter is not null)
        {
            Assert.Equal(parameter, problem.Parameter);
        }
    }
}
