namespace Casparian.Broker.Store.Catalog;

/// <summary>
/// Writes one chunk of a scan's files (versions, history, locations) in one transaction and returns each location's new
/// history id. Adapters bring their own because bulk writes are where the engines differ most: DuckDB takes rows
/// fastest through its appender, PostgreSQL through array parameters.
/// </summary>
internal interface IFileRecorder
{
    /// <param name="rootId">The source root of every file.</param>
    /// <param name="files">Validated files: distinct paths, no separator characters.</param>
    /// <param name="nowUs">The time to record.</param>
    /// <param name="cancellationToken">Cancels the wait, not a write already under way.</param>
    Task<IReadOnlyList<LocatedVersion>> RecordAsync(long rootId, IReadOnlyList<ScannedFile> files, long nowUs, CancellationToken cancellationToken);
}
