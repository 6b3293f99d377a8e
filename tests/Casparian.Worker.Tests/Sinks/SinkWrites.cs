using Casparian.SinkCrashPeer;
using Casparian.Worker.Sinks;

namespace Casparian.Worker.Tests.Sinks;

/// <summary>Runs one whole job output through a sink.</summary>
internal static class SinkWrites
{
    /// <summary>Commits <paramref name="samples"/> under a fresh materialization key.</summary>
    public static Task CommitAsync(IOutputSink sink, string table, SinkMode mode, params SampleBatch[] samples) =>
        CommitAsync(sink, table, mode, NewKey(), samples);

    /// <summary>Commits <paramref name="samples"/> under <paramref name="key"/>; returns the sink's report.</summary>
    public static async Task<(long Rows, bool AlreadyCommitted)> CommitAsync(IOutputSink sink, string table, SinkMode mode, string key, params SampleBatch[] samples)
    {
        await using (sink)
        {
            await sink.BeginAsync(new SinkTarget(table, SampleBatch.Schema, mode, key, JobId: 42, Attempt: 1));
            foreach (var sample in samples)
            {
                await sink.WriteAsync(sample.Batch);
            }
            await sink.CommitAsync();
            return (sink.RowsWritten, sink.AlreadyCommitted);
        }
    }

    public static string NewKey() => Guid.NewGuid().ToString("N");
}
