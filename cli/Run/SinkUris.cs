using Casparian.Protocol.Locations;

namespace Casparian.Cli.Run;

/// <summary>
/// Checks an <c>--out</c> value and makes file sinks absolute: the sink URI is part of every output target key, so
/// <c>duckdb://out.duckdb</c> given from two folders must not name the same target, and workers in other processes
/// must find the same path.
/// </summary>
internal static class SinkUris
{
    private const string Usage = "use duckdb://PATH, parquet://DIR, csv://DIR or postgres://user:password@host:5432/database";

    /// <summary>The canonical form of <paramref name="uri"/>.</summary>
    /// <exception cref="FormatException">Not a sink URI; the message shows the accepted forms.</exception>
    public static string Normalize(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (PostgresUri.IsPostgres(uri))
        {
            PostgresUri.ToConnectionString(uri);
            return uri;
        }
        var separator = uri.IndexOf("://", StringComparison.Ordinal);
        var scheme = separator > 0 ? uri[..separator].ToLowerInvariant() : "";
        if (scheme is not ("duckdb" or "parquet" or "csv"))
        {
            throw new FormatException($"--out '{uri}' is not a sink; {Usage}");
        }
        var path = uri[(separator + 3)..];
        if (path.Length == 0)
        {
            throw new FormatException($"--out '{uri}' has no path; {Usage}");
        }
        return $"{scheme}://{Path.GetFullPath(path)}";
    }

    /// <summary>The DuckDB file of a <c>duckdb://</c> sink, or null for other sinks.</summary>
    public static string? DuckDbPath(string normalized) =>
        normalized.StartsWith("duckdb://", StringComparison.Ordinal) ? normalized["duckdb://".Length..] : null;
}
