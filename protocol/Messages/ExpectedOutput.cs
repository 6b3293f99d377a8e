namespace Casparian.Protocol.Messages;

/// <summary>One output a job is expected to produce, with the keys its receipt must echo.</summary>
public sealed record ExpectedOutput
{
    /// <summary>The plugin's name for the output.</summary>
    public required string Name { get; init; }

    /// <summary>Destination table.</summary>
    public required string Table { get; init; }

    /// <summary>Sink URI, e.g. <c>duckdb:///data/out.duckdb</c>.</summary>
    public required string SinkUri { get; init; }

    /// <summary>Append, Replace or Error.</summary>
    public string SinkMode { get; init; } = "Append";

    /// <summary>BLAKE3 of the output schema's canonical JSON.</summary>
    public required string SchemaHash { get; init; }

    public required string OutputTargetKey { get; init; }

    public required string MaterializationKey { get; init; }
}
