using Casparian.Broker.Store;

namespace Casparian.Broker.Tests.Store;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task A_job_s_payload_comes_back_unchanged_when_it_is_leased()
    {
        const string payload = "{\"input_path\":\"/evidence/a.csv\",\"note\":\"ünïcødé ✓\"}";
        await Store.EnqueueAsync([new EnqueueRequest("mk-payload", "src-a", "csv", Payload: payload), Job("mk-none")]);

        var leased = await Store.LeaseAsync(Worker, 2, Lease);

        Assert.Equal(payload, Assert.Single(leased, j => j.MaterializationKey == "mk-payload").Payload);
        Assert.Null(Assert.Single(leased, j => j.MaterializationKey == "mk-none").Payload);
    }

    [Fact]
    public async Task An_oversize_payload_is_refused_naming_the_job()
    {
        var huge = new string('x', 64 * 1024 + 1);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Store.EnqueueAsync([new EnqueueRequest("mk-huge", "src-a", "csv", Payload: huge)]));
        Assert.Contains("mk-huge", ex.Message, StringComparison.Ordinal);
    }
}
