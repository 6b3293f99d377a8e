using Casparian.Broker.Store;

namespace Casparian.Broker.Tests.Store;

public abstract partial class StoreContractTests
{
    [Fact]
    public void A_new_database_is_created_at_the_newest_schema()
    {
        Assert.True(LatestSchemaVersion >= 2);
        Assert.Equal(LatestSchemaVersion, Store.SchemaVersion);
    }

    [Fact]
    public async Task An_older_database_is_migrated_forward_keeping_its_jobs()
    {
        var location = await NewDatabaseAsync();
        long id;
        await using (var old = await OpenAsync(location, Policy, Clock, schemaVersion: 1))
        {
            Assert.Equal(1, old.SchemaVersion);
        }
        id = await InsertVersionOneJobAsync(location, "from-v1");

        await using var current = await OpenAsync(location, Policy, Clock);

        Assert.Equal(LatestSchemaVersion, current.SchemaVersion);
        Assert.Equal("from-v1", (await current.GetJobAsync(id))?.MaterializationKey);
        Assert.True(await current.Catalog.AddSourceRootAsync("file:///evidence") > 0);
    }

    [Fact]
    public async Task Reopening_a_current_database_changes_nothing()
    {
        var location = await NewDatabaseAsync();
        await using (var first = await OpenAsync(location, Policy, Clock))
        {
            await first.EnqueueAsync([Job("a")]);
        }

        await using var again = await OpenAsync(location, Policy, Clock);

        Assert.Equal(LatestSchemaVersion, again.SchemaVersion);
        Assert.Equal(1, await again.CountJobsAsync(JobQuery.All));
    }

    [Fact]
    public async Task A_newer_database_is_refused_with_a_clear_message_and_left_alone()
    {
        var location = await NewDatabaseAsync();
        await using (var first = await OpenAsync(location, Policy, Clock))
        {
            await first.EnqueueAsync([Job("a")]);
        }
        await MarkSchemaVersionAsync(location, LatestSchemaVersion + 1);

        var refused = await Assert.ThrowsAsync<StoreSchemaTooNewException>(() => OpenAsync(location, Policy, Clock));

        Assert.Equal(LatestSchemaVersion + 1, refused.Found);
        Assert.Equal(LatestSchemaVersion, refused.Known);
        Assert.Contains($"schema version {LatestSchemaVersion + 1}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade Casparian", refused.Message, StringComparison.Ordinal);
        // Still refused the second time: nothing was rewritten.
        await Assert.ThrowsAsync<StoreSchemaTooNewException>(() => OpenAsync(location, Policy, Clock));
    }
}
