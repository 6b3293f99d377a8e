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
    public async Task A_migrated_queue_keeps_working_its_old_jobs_and_numbers_new_ones_after_them()
    {
        var location = await NewDatabaseAsync();
        await using (var old = await OpenAsync(location, Policy, Clock, schemaVersion: 1))
        {
            Assert.Equal(1, old.SchemaVersion);
        }
        var oldId = await InsertVersionOneJobAsync(location, "from-v1");

        await using var current = await OpenAsync(location, Policy, Clock);
        // The old key is still known (no second job for it); a new key gets an id after every old one.
        var enqueued = await current.EnqueueAsync([Job("from-v1"), Job("after-migration")]);
        var leased = await current.LeaseAsync("worker-1", 10, TimeSpan.FromMinutes(1));
        var completed = await current.TransitionAsync([.. leased.Select(j => new TransitionRequest(j.Id, JobTransition.Complete, "worker-1"))]);

        Assert.Equal(1, enqueued.Duplicates);
        Assert.True(Assert.Single(enqueued.NewJobIds) > oldId);
        Assert.Equal(new[] { oldId, enqueued.NewJobIds[0] }, leased.Select(j => j.Id).Order());
        Assert.Equal("from-v1", leased.Single(j => j.Id == oldId).MaterializationKey);
        Assert.All(completed, r => Assert.True(r.Applied));
        Assert.Equal(2, await current.CountJobsAsync(new JobQuery { State = JobState.Completed }));
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
