using Casparian.Broker.Store;
using Casparian.Broker.Store.DuckDb;
using Casparian.Native.DuckDb;

namespace Casparian.Broker.Tests.Store.DuckDb;

/// <summary>The store contract on the embedded DuckDB adapter; each test gets its own files in a temp directory.</summary>
public sealed class DuckDbStoreContractTests : StoreContractTests, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("casparian-store-");
    private int _files;

    protected override int LatestSchemaVersion => DuckDbStateStore.LatestSchemaVersion;

    protected override Task<string> NewDatabaseAsync() =>
        Task.FromResult(Path.Combine(_directory.FullName, $"state-{Interlocked.Increment(ref _files)}.duckdb"));

    protected override Task<IStateStore> OpenAsync(string location, StorePolicy policy, TimeProvider time, int? schemaVersion = null) =>
        Task.FromResult<IStateStore>(DuckDbStateStore.Open(location, policy, time, null, schemaVersion));

    protected override Task<long> InsertVersionOneJobAsync(string location, string materializationKey)
    {
        using var database = DuckDbDatabase.Open(location);
        using var connection = database.Connect();
        using var insert = connection.Prepare(
            "INSERT INTO jobs (id, materialization_key, source_hash, plugin, not_before_us, created_us, updated_us) VALUES (1, $1, 'src-a', 'evtx', 0, 0, 0)");
        insert.BindVarchar(1, materializationKey).ExecuteNonQuery();
        return Task.FromResult(1L);
    }

    protected override Task MarkSchemaVersionAsync(string location, int version)
    {
        using var database = DuckDbDatabase.Open(location);
        using var connection = database.Connect();
        using var insert = connection.Prepare("INSERT INTO schema_version (version, applied_us) VALUES ($1, 0)");
        insert.BindInt32(1, version).ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
