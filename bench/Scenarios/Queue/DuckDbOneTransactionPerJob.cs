using System.Diagnostics;
using Casparian.Broker.Store.DuckDb;
using Casparian.Native.DuckDb;

namespace Casparian.Bench.Scenarios.Queue;

/// <summary>
/// The DuckDB reference: the same enqueue → lease → complete cycle done the naive way, one transaction per job with
/// point statements, on a file with the same schema.
/// </summary>
internal static class DuckDbOneTransactionPerJob
{
    public static async Task<double> RunAsync(string path, TimeSpan duration)
    {
        // Create the schema through the store, then work on the file directly.
        await DuckDbStateStore.Open(path).DisposeAsync();
        using var database = DuckDbDatabase.Open(path, new DuckDbOpenOptions { Threads = 1 });
        using var connection = database.Connect();
        using var insert = connection.Prepare(
            "INSERT INTO jobs (id, materialization_key, source_hash, plugin, not_before_us, created_us, updated_us) VALUES ($1, $2, $3, 'evtx', 0, 0, 0)");
        // States are parameters: DuckDB would fold constant state filters with the statistics of the (empty) table at
        // prepare time, and these statements are prepared once and reused.
        using var pick = connection.Prepare("SELECT id FROM jobs WHERE state = $1 ORDER BY priority DESC, id LIMIT 1");
        pick.BindInt32(1, 0);
        using var lease = connection.Prepare("UPDATE jobs SET state = $2, worker_id = 'w', attempts = attempts + 1 WHERE id = $1 AND state = $3");
        lease.BindInt32(2, 1).BindInt32(3, 0);
        using var complete = connection.Prepare("UPDATE jobs SET state = $2, worker_id = NULL WHERE id = $1 AND state = $3");
        complete.BindInt32(2, 3).BindInt32(3, 1);
        long id = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            using var transaction = connection.BeginTransaction();
            id++;
            insert.BindInt64(1, id).BindVarchar(2, $"m-{id}").BindVarchar(3, $"s-{id}").ExecuteNonQuery();
            using (var picked = pick.Execute())
            {
                var next = (long)picked.ReadRows(1)[0][0]!;
                lease.BindInt64(1, next).ExecuteNonQuery();
                complete.BindInt64(1, next).ExecuteNonQuery();
            }
            transaction.Commit();
        }
        return id / clock.Elapsed.TotalSeconds;
    }
}
