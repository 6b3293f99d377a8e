using System.Globalization;
using Npgsql;

namespace Casparian.Broker.Store;

/// <summary>
/// Where the state store lives, parsed from the <c>--store</c> option: <c>duckdb:PATH</c> (embedded, one file) or
/// <c>postgres://user:password@host:port/database</c> (clusters). A bad value fails with a message showing both forms.
/// </summary>
public sealed record StoreLocation(StoreKind Kind, string Target)
{
    private const string Usage = "use duckdb:PATH (e.g. duckdb:.casparian/state.duckdb) or postgres://user:password@host:5432/database";

    /// <summary>Parses a <c>--store</c> value.</summary>
    public static StoreLocation Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase))
        {
            var path = value["duckdb:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal))
            {
                path = path[2..];
            }
            return path.Length == 0 ? throw new FormatException($"--store '{value}' has no file path; {Usage}") : new StoreLocation(StoreKind.DuckDb, path);
        }
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new StoreLocation(StoreKind.Postgres, ToConnectionString(value));
        }
        throw new FormatException($"--store '{value}' is not a store location; {Usage}");
    }

    /// <summary>Turns a <c>postgres://</c> URI into an Npgsql connection string.</summary>
    private static string ToConnectionString(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
        {
            throw new FormatException($"--store '{uri}' is not a valid URI; {Usage}");
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

    /// <summary>Opens (creating or migrating) the store.</summary>
    public async Task<IStateStore> OpenAsync(StorePolicy? policy = null, TimeProvider? time = null, CancellationToken cancellationToken = default) => Kind switch
    {
        StoreKind.Postgres => await Postgres.PostgresStateStore.OpenAsync(Target, policy, time, cancellationToken).ConfigureAwait(false),
        StoreKind.DuckDb => DuckDb.DuckDbStateStore.Open(Target, policy, time),
        _ => throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture, $"the {Kind} store adapter is not available in this build")),
    };
}

/// <summary>The store adapters.</summary>
public enum StoreKind
{
    DuckDb,
    Postgres,
}
