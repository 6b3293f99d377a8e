using System.Globalization;
using Casparian.Protocol.Locations;

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
        if (PostgresUri.IsPostgres(value))
        {
            try
            {
                return new StoreLocation(StoreKind.Postgres, PostgresUri.ToConnectionString(value));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"--store: {ex.Message}", ex);
            }
        }
        throw new FormatException($"--store '{value}' is not a store location; {Usage}");
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
