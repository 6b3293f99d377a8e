using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Casparian.Broker.Api;

namespace Casparian.Cli.Api;

/// <summary>
/// A typed client of the Sentinel's HTTP control API (the CLI never writes the store itself). Errors come back as
/// <see cref="SentinelApiException"/> carrying the problem the Sentinel returned.
/// </summary>
public sealed class SentinelClient : IControlPlane, IDisposable
{
    private readonly HttpClient _http;
    private readonly string? _token;

    /// <param name="baseUrl">The Sentinel's HTTP address, e.g. http://127.0.0.1:8080.</param>
    /// <param name="token">The bearer token for mutating calls, or null for read-only use.</param>
    /// <param name="timeout">Per-request timeout (default 10 s).</param>
    public SentinelClient(Uri baseUrl, string? token, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        _token = token;
        BaseUrl = baseUrl;
    }

    /// <summary>The Sentinel's address.</summary>
    public Uri BaseUrl { get; }

    public string Describe => $"sentinel {BaseUrl.GetLeftPart(UriPartial.Authority)}";

    /// <summary>One page of jobs; pass the returned <see cref="JobPage.NextCursor"/> for the next.</summary>
    public Task<JobPage> ListJobsAsync(JobFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
        Add("state", filter.State);
        Add("worker", filter.Worker);
        Add("plugin", filter.Plugin);
        Add("source_hash", filter.SourceHash);
        Add("limit", filter.Limit?.ToString(CultureInfo.InvariantCulture));
        Add("cursor", filter.Cursor?.ToString(CultureInfo.InvariantCulture));
        var path = query.Count == 0 ? "api/v1/jobs" : "api/v1/jobs?" + string.Join('&', query);
        return GetAsync(path, ApiJsonContext.Default.JobPage, cancellationToken);
    }

    public Task<JobView> GetJobAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync($"api/v1/jobs/{id.ToString(CultureInfo.InvariantCulture)}", ApiJsonContext.Default.JobView, cancellationToken);

    /// <summary>Cancels a job: a queued one is aborted at once; a running one is aborted when its worker confirms.</summary>
    public Task<JobActionResult> CancelJobAsync(long id, CancellationToken cancellationToken = default) =>
        PostAsync($"api/v1/jobs/{id.ToString(CultureInfo.InvariantCulture)}/cancel", cancellationToken);

    /// <summary>Queues a failed, aborted or dead-lettered job again.</summary>
    public Task<JobActionResult> RetryJobAsync(long id, CancellationToken cancellationToken = default) =>
        PostAsync($"api/v1/jobs/{id.ToString(CultureInfo.InvariantCulture)}/retry", cancellationToken);

    public Task<WorkerList> WorkersAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/workers", ApiJsonContext.Default.WorkerList, cancellationToken);

    public Task<QueueView> QueueAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/queue", ApiJsonContext.Default.QueueView, cancellationToken);

    public Task<StatsView> StatsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/stats", ApiJsonContext.Default.StatsView, cancellationToken);

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request, type, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JobActionResult> PostAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }
        return await SendAsync(request, ApiJsonContext.Default.JobActionResult, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new SentinelApiException(0, null,
                $"cannot reach the Sentinel at {BaseUrl}: {ex.Message}; is `casparian sentinel --http` running there? (pass --sentinel URL)", ex);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                    ?? throw new SentinelApiException((int)response.StatusCode, null, $"{request.RequestUri} returned an empty body");
            }
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            ApiProblem? problem = null;
            try
            {
                problem = JsonSerializer.Deserialize(body, ApiJsonContext.Default.ApiProblem);
            }
            catch (JsonException)
            {
                // Not a problem body (e.g. a proxy's error page): the status line and raw text are reported instead.
            }
            var detail = problem?.Detail ?? (body.Length > 200 ? body[..200] : body);
            throw new SentinelApiException((int)response.StatusCode, problem, $"{(int)response.StatusCode} {response.ReasonPhrase}: {detail}");
        }
    }

    public void Dispose() => _http.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Which jobs to list; null fields match everything.</summary>
public sealed record JobFilter(string? State = null, string? Worker = null, string? Plugin = null, string? SourceHash = null, int? Limit = null,
    long? Cursor = null);

/// <summary>The Sentinel refused a request or could not be reached (<see cref="Status"/> 0).</summary>
public sealed class SentinelApiException(int status, ApiProblem? problem, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status, or 0 when the Sentinel could not be reached.</summary>
    public int Status { get; } = status;

    /// <summary>The problem body, when the Sentinel sent one.</summary>
    public ApiProblem? Problem { get; } = problem;
}
