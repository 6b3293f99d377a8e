namespace Casparian.Native.DuckDb;

/// <summary>
/// Start-up options of a DuckDB database. Extensions are never auto-installed or auto-loaded (air-gapped labs: no
/// network, no surprise code); everything else passes through as DuckDB configuration options.
/// </summary>
public sealed class DuckDbOpenOptions
{
    /// <summary>Open the file read-only (<c>access_mode=READ_ONLY</c>); other processes may read it concurrently.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Worker threads DuckDB may use (<c>threads</c>); null leaves DuckDB's default (all cores).</summary>
    public int? Threads { get; init; }

    /// <summary>Memory limit in DuckDB's notation, e.g. "2GB" (<c>memory_limit</c>); null leaves DuckDB's default.</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>Any other DuckDB configuration options by name (see <c>duckdb_settings()</c>).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
