using System.Globalization;
using System.Text.RegularExpressions;
using Casparian.Broker.Store.Postgres;
using Casparian.Testing;
using Npgsql;

namespace Casparian.Bench.Scenarios.Queue;

/// <summary>
/// The PostgreSQL reference: pgbench running a plain <c>FOR UPDATE SKIP LOCKED</c> claim of 32 jobs (claim only, no
/// completion) with 8 clients on the same server, over a table with our schema pre-filled with queued jobs.
/// </summary>
internal static partial class PgbenchClaim
{
    private const int ClaimSize = 32;

    public static async Task<double> RunAsync(ThrowawayPostgres server, TimeSpan duration)
    {
        var connectionString = await server.CreateDatabaseAsync("pgbench");
        await (await PostgresStateStore.OpenAsync(connectionString)).DisposeAsync();
        // Enough queued jobs that the claim never runs dry: 60k jobs/s for the whole run.
        var jobs = (long)(60_000 * duration.TotalSeconds);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var fill = new NpgsqlCommand(
                "INSERT INTO jobs (materialization_key, source_hash, plugin, not_before_us, created_us, updated_us) " +
                "SELECT 'm-' || i, 's-' || i, 'evtx', 0, 0, 0 FROM generate_series(1, $1) AS i", connection);
            fill.Parameters.Add(new NpgsqlParameter { Value = jobs });
            fill.CommandTimeout = 600;
            await fill.ExecuteNonQueryAsync();
            await using var analyze = new NpgsqlCommand("VACUUM ANALYZE jobs", connection);
            await analyze.ExecuteNonQueryAsync();
        }
        var script = Path.Combine(server.DataDirectory, "claim.sql");
        await File.WriteAllTextAsync(script, string.Create(CultureInfo.InvariantCulture,
            $"""
             UPDATE jobs SET state = 1, worker_id = 'pgbench', lease_expires_us = 0, attempts = attempts + 1
             WHERE id IN (SELECT id FROM jobs WHERE state = 0 AND not_before_us <= 1 ORDER BY priority DESC, id LIMIT {ClaimSize} FOR UPDATE SKIP LOCKED);

             """));
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var output = await server.RunAsync("pgbench",
            ["-n", "-f", script, "-c", "8", "-j", "2", "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture),
             "-h", "127.0.0.1", "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", database],
            duration + TimeSpan.FromSeconds(60));
        var tps = Tps().Match(output);
        if (!tps.Success)
        {
            throw new InvalidOperationException($"pgbench printed no tps line:\n{output}");
        }
        return double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture) * ClaimSize;
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();
}
