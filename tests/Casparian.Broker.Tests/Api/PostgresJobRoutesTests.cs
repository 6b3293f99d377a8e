using System.Net;
using Casparian.Broker.Store;
using Casparian.Broker.Store.Postgres;
using Casparian.Broker.Tests.Store;
using Casparian.Testing;

namespace Casparian.Broker.Tests.Api;

/// <summary>Cancel and retry through the API on a PostgreSQL store (cluster mode).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJobRoutesTests(PostgresFixture cluster)
{
    [Fact]
    public async Task Cancel_and_retry_act_on_the_postgres_job_state()
    {
        var store = await PostgresStateStore.OpenAsync(await cluster.Server.CreateDatabaseAsync("api"));
        await using var api = await ApiHarness.StartAsync(store);
        var ids = await api.EnqueueAsync(2);
        using var worker = FakeWorker.Connect(api.Endpoint, "w-pg", capacity: 1);
        var (running, attempt) = worker.ReceiveDispatch();
        var queued = ids.Single(id => id != running);

        using var unauthorized = await api.PostAsync($"/api/v1/jobs/{queued}/cancel", "wrong");
        using var cancelQueued = await api.PostAsync($"/api/v1/jobs/{queued}/cancel", api.Token.Value);
        using var cancelRunning = await api.PostAsync($"/api/v1/jobs/{running}/cancel", api.Token.Value);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancelQueued.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, cancelRunning.StatusCode);
        Assert.Equal(JobState.Aborted, (await store.GetJobAsync(queued))!.State);
        Assert.True((await store.GetJobAsync(running))!.AbortRequested);

        Assert.Equal(running, worker.ReceiveAbort());
        worker.ConfirmAbort(running, attempt);
        await api.WaitForStateAsync(running, JobState.Aborted);

        using var retry = await api.PostAsync($"/api/v1/jobs/{queued}/retry", api.Token.Value);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var (again, againAttempt) = worker.ReceiveDispatch();
        Assert.Equal(queued, again);
        worker.Complete(again, againAttempt, rows: 2);
        await api.WaitForStateAsync(queued, JobState.Completed);
    }
}
