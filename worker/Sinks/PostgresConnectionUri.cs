using Npgsql;

namespace Casparian.Worker.Sinks;

/// <summary>Turns <c>postgres://user:password@host:port/database?key=value</c> into an Npgsql connection string.</summary>
internal static class PostgresConnectionUri
{
    public static string ToConnectionString(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
        {
            throw new SinkException($"sink '{Redact(uri)}' is not a valid PostgreSQL URI; use postgres://user:password@host:5432/database");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = parsed.Host,
            Port = parsed.Port > 0 ? parsed.Port : 5432,
            Database = parsed.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
        };
        if (parsed.UserInfo.Length > 0)
        {
            var parts = parsed.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }
        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
        }
        return builder.ConnectionString;
    }

    /// <summary>The URI without its password, for messages.</summary>
    public static string Redact(string uri)
    {
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
