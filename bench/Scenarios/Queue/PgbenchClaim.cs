using System.Globalization;
using System.Text.RegularExpressions;
using Casparian.Broker.Store.Postgres;
using Casparian.Testing;
using Npgsql;

namespace Casparian.Bench.Scenarios.Queue;

/// <summary>
/// The PostgreSQL reference: pgbench running a plain <c>FOR UPDATE SKIP LOCKED</c> claim of 32 jobs (claim only, no
/// completion) with 8 clients on the same server, over a table pre-filled with queued jobs.
/// </summary>
internal static partial class PgbenchClaim
{
    private const int ClaimSize = 32;

    /// <summary>
    /// The reference's table: a plain one-table job queue, exactly our PostgreSQL schema up to version 3 (migrations 0001
    /// and 0003: the columns of the state machine, a unique key, the queued and held partial indexes, the file and plugin
    /// lookups). Shipped migrations never change, so the yardstick stays fixed while our schema moves on.
    /// </summary>
    private static string PlainQueue { get; } = Resource("0001_job_queue.sql") + ";\n" + Resource("0003_job_payload.sql");

    private const string PlainQueueFill =
        """
        INSERT INTO jobs (materialization_key, source_hash, plugin, not_before_us, created_us, updated_us)
        SELECT 'm-' || i, 's-' || i, 'evtx', 0, 0, 0 FROM generate_series(1, $1) AS i;
        """;

    /// <summary>Our own schema's state table filled the same way (through its identity table), for the informational claim.</summary>
    private const string OurQueue =
        """
        WITH specs AS (
          INSERT INTO job_specs (materialization_key, source_hash, plugin, created_us)
          SELECT 'm-' || i, 's-' || i, 'evtx', 0 FROM generate_series(1, $1) AS i
          RETURNING id)
        INSERT INTO job_state (id, not_before_us, updated_us) SELECT id, 0, 0 FROM specs;
        """;

    /// <summary>The claim rate (jobs/s) on the plain one-table queue: the reference of the <c>queue</c> line.</summary>
    public static Task<double> RunAsync(ThrowawayPostgres server, TimeSpan duration) => RunAsync(server, duration, PlainQueue, PlainQueueFill, "jobs");

    /// <summary>The same claim on our schema's <c>job_state</c> table, printed for information beside the reference.</summary>
    public static Task<double> RunOnOurSchemaAsync(ThrowawayPostgres server, TimeSpan duration) => RunAsync(server, duration, null, OurQueue, "job_state");

    private static async Task<double> RunAsync(ThrowawayPostgres server, TimeSpan duration, string? create, string fill, string table)
    {
        var connectionString = await server.CreateDatabaseAsync("pgbench");
        if (create is null)
        {
            // Our current schema, created as a Sentinel would.
            await (await PostgresStateStore.OpenAsync(connectionString)).DisposeAsync();
        }
        // Enough queued jobs that the claim never runs dry: 60k jobs/s for the whole run.
        var jobs = (long)(60_000 * duration.TotalSeconds);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            if (create is not null)
            {
                await using var ddl = new NpgsqlCommand(create, connection);
                await ddl.ExecuteNonQueryAsync();
            }
            await using var insert = new NpgsqlCommand(fill, connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = jobs });
            insert.CommandTimeout = 600;
            await insert.ExecuteNonQueryAsync();
            await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection);
            await analyze.ExecuteNonQueryAsync();
        }
        var script = Path.Combine(server.DataDirectory, $"claim-{table}.sql");
        await File.WriteAllTextAsync(script, string.Create(CultureInfo.InvariantCulture,
            $"""
             UPDATE {table} SET state = 1, worker_id = 'pgbench', lease_expires_us = 0, attempts = attempts + 1
             WHERE id IN (SELECT id FROM {table} WHERE state = 0 AND not_before_us <= 1 ORDER BY priority DESC, id LIMIT {ClaimSize} FOR UPDATE SKIP LOCKED);

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

    private static string Resource(string migration)
    {
        using var stream = typeof(PostgresStateStore).Assembly.GetManifestResourceStream("Postgres/" + migration)
            ?? throw new InvalidOperationException($"the PostgreSQL migration {migration} is not embedded in Casparian.Broker");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();
}
