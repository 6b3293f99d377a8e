using Casparian.Testing;
using Casparian.Broker.Store;
using Casparian.Broker.Store.Postgres;
using Npgsql;

namespace Casparian.Broker.Tests.Store.Postgres;

/// <summary>The store contract on PostgreSQL; each test gets its own database in the shared throwaway cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresFixture cluster) : StoreContractTests
{
    protected override int LatestSchemaVersion => PostgresStateStore.LatestSchemaVersion;

    protected override Task<string> NewDatabaseAsync() => cluster.Server.CreateDatabaseAsync("contract");

    protected override async Task<IStateStore> OpenAsync(string location, StorePolicy policy, TimeProvider time, int? schemaVersion = null) =>
        await PostgresStateStore.OpenAsync(location, policy, time, schemaVersion, CancellationToken.None);

    protected override async Task<long> InsertVersionOneJobAsync(string location, string materializationKey)
    {
        await using var connection = new NpgsqlConnection(location);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO jobs (materialization_key, source_hash, plugin, not_before_us, created_us, updated_us) VALUES ($1, 'src-a', 'evtx', 0, 0, 0) RETURNING id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = materializationKey });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task MarkSchemaVersionAsync(string location, int version)
    {
        await using var connection = new NpgsqlConnection(location);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("INSERT INTO schema_version (version, applied_us) VALUES ($1, 0)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        await command.ExecuteNonQueryAsync();
    }
}
