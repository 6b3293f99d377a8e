using Casparian.SinkCrashPeer;
using Casparian.Worker.Sinks;

// Usage: Casparian.SinkCrashPeer SINK_URI TABLE
// Begins the sink for TABLE and writes 10,000-row sample batches without ever committing, printing
// "wrote ROWS end" after each batch, until it is killed (or gives up after 100 million rows with exit code 3).
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Casparian.SinkCrashPeer SINK_URI TABLE");
    return 2;
}
const int BatchRows = 10_000;
await using var sink = SinkFactory.Create(args[0]);
await sink.BeginAsync(new SinkTarget(args[1], SampleBatch.Schema, SinkMode.Append, MaterializationKey: "crash-peer", JobId: 7, Attempt: 1));
for (long written = 0; written < 100_000_000; written += BatchRows)
{
    using var sample = SampleBatch.Create(written, BatchRows);
    await sink.WriteAsync(sample.Batch);
    Console.Out.WriteLine($"wrote {written + BatchRows} end");
    Console.Out.Flush();
}
return 3;
