using Casparian.Testing;
using Casparian.Broker.Store.Postgres;
using Casparian.Broker.Store;

namespace Casparian.Broker.Tests.Store.Postgres;

/// <summary>The connection settings the store adds, and that a user's own connection string overrides.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConnectionSettingsTests(PostgresFixture cluster)
{
    [Fact]
    public async Task Statements_are_prepared_automatically_unless_the_connection_string_says_otherwise()
    {
        var database = await cluster.Server.CreateDatabaseAsync("settings");
        // A transaction-pooling PgBouncer cannot keep prepared statements; its users turn them off with 0.
        var optedOut = database + ";Max Auto Prepare=0";

        await using var byDefault = await PostgresStateStore.OpenAsync(database);
        await using var byUser = await PostgresStateStore.OpenAsync(optedOut);

        Assert.Equal(16, byDefault.MaxAutoPrepare);
        Assert.Equal(0, byUser.MaxAutoPrepare);
        Assert.Equal(0, await byUser.CountJobsAsync(JobQuery.All));
    }
}
