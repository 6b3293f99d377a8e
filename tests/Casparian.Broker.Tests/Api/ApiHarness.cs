using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Casparian.Broker.Api;
using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;
using Casparian.Broker.Store.DuckDb;
using Casparian.Broker.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casparian.Broker.Tests.Api;

/// <summary>
/// A Sentinel in-process with its HTTP control API on a free loopback port, over a real store, and an HttpClient
/// pointed at it. Workers are played by <see cref="FakeWorker"/> over real sockets.
/// </summary>
internal sealed class ApiHarness : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly DirectoryInfo _directory;
    private readonly SentinelService _sentinel;
    private readonly ControlApiServer _api;

    private ApiHarness(DirectoryInfo directory, IStateStore store, SentinelService sentinel, ControlApiServer api, ApiToken token, string endpoint, Uri url)
    {
        _directory = directory;
        Store = store;
        _sentinel = sentinel;
        _api = api;
        Token = token;
        Endpoint = endpoint;
        Http = new HttpClient { BaseAddress = url, Timeout = Deadline };
    }

    public IStateStore Store { get; }

    public ApiToken Token { get; }

    /// <summary>The Sentinel's ROUTER endpoint, for fake workers.</summary>
    public string Endpoint { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a Sentinel and its API over <paramref name="store"/> (a fresh DuckDB store when null).</summary>
    public static async Task<ApiHarness> StartAsync(IStateStore? store = null)
    {
        var directory = Directory.CreateTempSubdirectory("casparian-api-");
        store ??= DuckDbStateStore.Open(Path.Combine(directory.FullName, "state.duckdb"));
        // Fake workers do not heartbeat: they must not be declared lost while a test runs.
        var options = new SentinelOptions
        {
            Router = new RouterOptions { Bind = "tcp://127.0.0.1:*" },
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            MissedHeartbeats = 500,
            UnreportedJobGrace = TimeSpan.FromMinutes(5),
        };
        var token = ApiToken.LoadOrCreate(Path.Combine(directory.FullName, "api-token"));
        var sentinel = new SentinelService(store, options, NullLoggerFactory.Instance);
        var api = new ControlApiServer(sentinel, store, options, token, new ControlApiOptions { Endpoint = ControlApiOptions.ParseAddress("127.0.0.1:0") },
            NullLoggerFactory.Instance);
        await api.StartAsync(default);
        await sentinel.StartAsync(default);
        var endpoint = await sentinel.Listening.WaitAsync(Deadline);
        var url = await api.Listening.WaitAsync(Deadline);
        return new ApiHarness(directory, store, sentinel, api, token, endpoint, url);
    }

    /// <summary>Enqueues builtin:noop jobs and returns their ids.</summary>
    public async Task<IReadOnlyList<long>> EnqueueAsync(int count, string prefix = "mk", string plugin = "builtin:noop", string source = "src")
    {
        var requests = Enumerable.Range(0, count).Select(i => new EnqueueRequest($"{prefix}-{i}", $"{source}-{i}", plugin)).ToList();
        return (await Store.EnqueueAsync(requests)).NewJobIds;
    }

    /// <summary>A POST with the right token, a wrong one, or none.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return Http.SendAsync(request);
    }

    /// <summary>GETs <paramref name="path"/>, asserts 200 and reads the body with the API's own JSON context.</summary>
    public async Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> type)
    {
        using var response = await Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync(type))!;
    }

    /// <summary>Polls the store until the job is in <paramref name="state"/> (the store has no change feed).</summary>
    public async Task WaitForStateAsync(long jobId, JobState state)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while ((await Store.GetJobAsync(jobId, deadline.Token))!.State != state)
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _api.StopAsync(default);
        await _sentinel.StopAsync(default);
        await _api.DisposeAsync();
        _sentinel.Dispose();
        await Store.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
