using Casparian.Broker.Store.Catalog;

namespace Casparian.Broker.Store;

/// <summary>The Sentinel's one state store: the job queue, and the catalog in the same database.</summary>
public interface IStateStore : IJobStore, IAsyncDisposable
{
    /// <summary>The catalog kept in the same database.</summary>
    ICatalogStore Catalog { get; }

    /// <summary>The schema version of the open database.</summary>
    int SchemaVersion { get; }
}
