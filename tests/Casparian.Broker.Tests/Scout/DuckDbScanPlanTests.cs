using Casparian.Broker.Store;
using Casparian.Broker.Store.DuckDb;

namespace Casparian.Broker.Tests.Scout;

/// <summary>Scan plans on the embedded DuckDB store.</summary>
public sealed class DuckDbScanPlanTests : ScanPlanTests, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("cf-plan-duckdb-");

    protected override Task<IStateStore> OpenStoreAsync() =>
        Task.FromResult<IStateStore>(DuckDbStateStore.Open(Path.Combine(_directory.FullName, "state.duckdb")));

    public void Dispose() => _directory.Delete(recursive: true);
}
