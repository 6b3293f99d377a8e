using System.Globalization;
using Casparian.Broker.Store;
using Npgsql;

namespace Casparian.Bench.Scenarios.Queue;

/// <summary>
/// Server-side counters of one database around a measurement (transactions, WAL bytes, tuples written, HOT updates),
/// printed per job so a change to the adapter shows where the server's work went.
/// </summary>
internal sealed class PostgresProfile
{
    private readonly long[] _start;

    private PostgresProfile(long[] start) => _start = start;

    /// <summary>Takes the counters now.</summary>
    public static async Task<PostgresProfile> StartAsync(string connectionString) => new(await ReadAsync(connectionString));

    /// <summary>Prints the counters' growth since <see cref="StartAsync"/> (taken on an empty queue), per completed job.</summary>
    public async Task PrintAsync(string connectionString)
    {
        var end = await ReadAsync(connectionString);
        double jobs = end[^1];
        string[] names = ["commits", "WAL bytes", "inserts", "updates", "HOT updates"];
        var parts = names.Select((name, i) => string.Create(CultureInfo.InvariantCulture, $"{name} {(end[i] - _start[i]) / jobs:0.00}"));
        Console.WriteLine("  postgres per job: " + string.Join(", ", parts));
    }

    private static async Task<long[]> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // The statistics collector reports with a delay; ask for a fresh snapshot.
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand(
            $"""
            SELECT d.xact_commit, (SELECT wal_bytes::bigint FROM pg_stat_wal),
                   COALESCE(sum(t.n_tup_ins), 0)::bigint, COALESCE(sum(t.n_tup_upd), 0)::bigint, COALESCE(sum(t.n_tup_hot_upd), 0)::bigint,
                   (SELECT count(*) FROM jobs WHERE state = {(int)JobState.Completed})
            FROM pg_stat_database AS d, pg_stat_user_tables AS t WHERE d.datname = current_database() GROUP BY d.xact_commit
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return [.. Enumerable.Range(0, 6).Select(reader.GetInt64)];
    }
}
