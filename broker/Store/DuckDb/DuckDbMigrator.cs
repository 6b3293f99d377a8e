using Casparian.Broker.Store.Sql;
using Casparian.Native.DuckDb;

namespace Casparian.Broker.Store.DuckDb;

/// <summary>Brings a DuckDB file to the newest schema: created when new, migrated forward step by step, refused when newer.</summary>
internal static class DuckDbMigrator
{
    public static IReadOnlyList<Migration> Migrations { get; } = Migration.LoadEmbedded("DuckDb");

    public static int Migrate(DuckDbConnection connection, string path, int? target)
    {
        var latest = Migrations.Count;
        var goal = target ?? latest;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(goal, latest, nameof(target));
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_us BIGINT NOT NULL)");
        var current = (int)Convert.ToInt64(connection.ExecuteScalar("SELECT COALESCE(max(version), 0) FROM schema_version"),
            System.Globalization.CultureInfo.InvariantCulture);
        if (current > latest)
        {
            throw new StoreSchemaTooNewException(path, current, latest);
        }
        foreach (var migration in Migrations.Where(m => m.Version > current && m.Version <= goal))
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(migration.Sql);
            DuckDbSql.Execute(connection, "INSERT INTO schema_version (version, applied_us) VALUES ($1, $2)",
                [migration.Version, Microseconds.From(DateTimeOffset.UtcNow)]);
            transaction.Commit();
            current = migration.Version;
        }
        return current;
    }
}
