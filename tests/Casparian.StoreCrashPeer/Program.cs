using Casparian.Broker.Store;
using Casparian.Broker.Store.DuckDb;

// Usage: Casparian.StoreCrashPeer DUCKDB_FILE
// Eight clients repeat enqueue → lease → accept/reject → complete against one DuckDB store, so the single writer is
// always in the middle of group commits. After each acknowledged (committed) step a client prints one line:
//   enqueued CLIENT CYCLE COUNT end
//   completed CLIENT ID,ID,… end
// The trailing "end" lets the reader ignore a line cut short by SIGKILL. Runs until killed.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Casparian.StoreCrashPeer DUCKDB_FILE");
    return 2;
}
await using var store = DuckDbStateStore.Open(args[0]);
var output = TextWriter.Synchronized(Console.Out);
Console.Out.Flush();
output.WriteLine("ready end");
output.Flush();
await Task.WhenAll(Enumerable.Range(0, 8).Select(client => Task.Run(async () =>
{
    var worker = $"peer-{client}";
    for (var cycle = 0; ; cycle++)
    {
        var jobs = Enumerable.Range(0, 64).Select(i => new EnqueueRequest($"c{client}-{cycle}-{i}", $"s{client}-{cycle}-{i % 8}", "evtx")).ToArray();
        var enqueued = await store.EnqueueAsync(jobs);
        output.WriteLine($"enqueued {client} {cycle} {enqueued.NewJobIds.Count} end");
        var leased = await store.LeaseAsync(worker, 64, TimeSpan.FromMinutes(10));
        // Accept most, reject a few (they return to the queue), then complete the accepted ones.
        var accepted = leased.Where(j => j.Id % 10 != 0).ToList();
        await store.TransitionAsync([
            .. accepted.Select(j => new TransitionRequest(j.Id, JobTransition.Accept, worker)),
            .. leased.Where(j => j.Id % 10 == 0).Select(j => new TransitionRequest(j.Id, JobTransition.Reject, worker)),
        ]);
        var results = await store.TransitionAsync([.. accepted.Select(j => new TransitionRequest(j.Id, JobTransition.Complete, worker))]);
        output.WriteLine($"completed {client} {string.Join(',', results.Where(r => r.Applied).Select(r => r.JobId))} end");
        output.Flush();
    }
})));
return 0;
