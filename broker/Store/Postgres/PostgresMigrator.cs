using Casparian.Broker.Store.Sql;
using Npgsql;

namespace Casparian.Broker.Store.Postgres;

/// <summary>
/// Brings a PostgreSQL database to the newest schema this build knows: creates it when empty, migrates it forward one
/// version per transaction, refuses a newer one. An advisory lock serialises Sentinels starting together.
/// </summary>
internal static class PostgresMigrator
{
    // Any fixed number; it only has to be the same for every Sentinel on the database.
    private const long MigrationLock = 0x43_61_73_70_53_74_6F_72;

    public static IReadOnlyList<Migration> Migrations { get; } = Migration.LoadEmbedded("Postgres");

    /// <summary>Migrates up to <paramref name="target"/> (default: the newest) and returns the resulting version.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, string database, int? target, CancellationToken cancellationToken)
    {
        var latest = Migrations.Count;
        var goal = target ?? latest;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(goal, latest, nameof(target));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = MigrationLock });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_us bigint NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        try
        {
            var current = await CurrentAsync(connection, cancellationToken).ConfigureAwait(false);
            if (current > latest)
            {
                throw new StoreSchemaTooNewException(database, current, latest);
            }
            foreach (var migration in Migrations.Where(m => m.Version > current && m.Version <= goal))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
                {
                    await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, applied_us) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                    record.Parameters.Add(new NpgsqlParameter { Value = Microseconds.From(DateTimeOffset.UtcNow) });
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                current = migration.Version;
            }
            return current;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            unlock.Parameters.Add(new NpgsqlParameter { Value = MigrationLock });
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<int> CurrentAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT COALESCE(max(version), 0) FROM schema_version", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }
}
