using System.Data.Common;

namespace Casparian.Protocol.Locations;

/// <summary>
/// <c>postgres://user:password@host:port/database?key=value</c>, the form operators write for stores and sinks, turned
/// into an ADO.NET connection string (which Npgsql reads). Shared by the Sentinel's store and the workers' sinks, so one
/// URI means the same database everywhere.
/// </summary>
public static class PostgresUri
{
    /// <summary>True for <c>postgres://</c> and <c>postgresql://</c>.</summary>
    public static bool IsPostgres(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string of <paramref name="uri"/>; a malformed URI throws <see cref="FormatException"/> (password redacted).</summary>
    public static string ToConnectionString(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!IsPostgres(uri) || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
        {
            throw new FormatException($"'{Redact(uri)}' is not a valid PostgreSQL URI; use postgres://user:password@host:5432/database");
        }
        // DbConnectionStringBuilder does the quoting of values that contain ';', '=' or quotes.
        var builder = new DbConnectionStringBuilder
        {
            ["Host"] = parsed.Host,
            ["Port"] = parsed.Port > 0 ? parsed.Port : 5432,
            ["Database"] = parsed.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
        };
        if (parsed.UserInfo.Length > 0)
        {
            var parts = parsed.UserInfo.Split(':', 2);
            builder["Username"] = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder["Password"] = Uri.UnescapeDataString(parts[1]);
            }
        }
        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
        }
        return builder.ConnectionString;
    }

    /// <summary>The URI without its password, for messages and logs.</summary>
    public static string Redact(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var at = uri.IndexOf('@', StringComparison.Ordinal);
        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme)
        {
            return uri;
        }
        var colon = uri.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? uri[..(colon + 1)] + "***" + uri[at..] : uri;
    }
}
