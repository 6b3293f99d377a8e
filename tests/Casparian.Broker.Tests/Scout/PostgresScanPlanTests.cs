using Casparian.Broker.Store;
using Casparian.Broker.Store.Postgres;
using Casparian.Broker.Tests.Store;
using Casparian.Testing;

namespace Casparian.Broker.Tests.Scout;

/// <summary>Scan plans on PostgreSQL; each test gets its own database in the shared throwaway cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresScanPlanTests(PostgresFixture cluster) : ScanPlanTests
{
    protected override async Task<IStateStore> OpenStoreAsync() =>
        await PostgresStateStore.OpenAsync(await cluster.Server.CreateDatabaseAsync("scan"));
}
