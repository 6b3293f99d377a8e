namespace Casparian.Protocol.Messages;

/// <summary>The exact plugin artifact a job runs: its identity is the signed <see cref="ArtifactHash"/>.</summary>
public sealed record PluginRef
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    /// <summary>SHA-256 (hex) over the plugin bundle (DESIGN §5).</summary>
    public required string ArtifactHash { get; init; }

    /// <summary><c>builtin</c>, <c>native_exec</c> or <c>python_shim</c>.</summary>
    public required string RuntimeKind { get; init; }

    /// <summary>Entrypoint inside the bundle, for subprocess runtimes.</summary>
    public string? Entrypoint { get; init; }

    /// <summary>Where the worker finds the bundle (shared storage path), for subprocess runtimes.</summary>
    public string? BundlePath { get; init; }
}
