namespace Casparian.Broker.Store.Catalog;

/// <summary>A file a scan read: its location under a root and the version (BLAKE3) it holds now.</summary>
public sealed record ScannedFile(string RelativePath, string SourceHash, long Size);

/// <summary>
/// The version a location holds, with the id of that (location, version) record in the file history: the
/// <c>_cf_file_version_id</c> lineage value of rows parsed from it.
/// </summary>
public sealed record LocatedVersion(string RelativePath, string SourceHash, long FileVersionId);
