namespace Casparian.Broker.Store.Catalog;

/// <summary>A directory (or URI prefix) Casparian scans for files.</summary>
public sealed record SourceRoot(long Id, string Uri);

/// <summary>An immutable file version, identified by the BLAKE3 of its bytes.</summary>
public sealed record FileVersion(string SourceHash, long Size, DateTimeOffset FirstSeen);

/// <summary>Where a file lives and which version was last seen there; older versions stay in its history.</summary>
public sealed record FileLocation(long RootId, string RelativePath, string SourceHash, DateTimeOffset SeenAt);

/// <summary>Routing, first half: files whose path matches <paramref name="Glob"/> get <paramref name="Tag"/>; higher priority wins.</summary>
public sealed record RoutingRule(string Glob, string Tag, int Priority);

/// <summary>A published plugin version; name and version identify it, the artifact hash is what was signed.</summary>
public sealed record PluginManifest(string Name, string Version, string ArtifactHash, string RuntimeKind, string Entrypoint, string ManifestJson);

/// <summary>The schema contract of one plugin output at one contract version.</summary>
public sealed record SchemaContract(string Plugin, string Output, int Version, string SchemaHash, string SchemaJson);

/// <summary>Where an output goes; <paramref name="Key"/> is the output target key (DESIGN §5).</summary>
public sealed record OutputTarget(string Key, string SinkUri, string Table, string SchemaHash, string SinkMode);

/// <summary>One output produced from one file version by one plugin artifact; <paramref name="Key"/> is the materialization key.</summary>
public sealed record Materialization(string Key, string OutputTargetKey, string SourceHash, string ArtifactHash, long? JobId, long Rows);

/// <summary>A filter over materializations; null fields match everything.</summary>
/// <param name="SourceHash">Only outputs of this file version.</param>
/// <param name="OutputTargetKey">Only outputs written to this target.</param>
public sealed record MaterializationQuery(string? SourceHash = null, string? OutputTargetKey = null);
