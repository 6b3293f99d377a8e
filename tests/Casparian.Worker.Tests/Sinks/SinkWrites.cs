using Casparian.SinkCrashPeer;
using Casparian.Worker.Sinks;

namespace Casparian.Worker.Tests.Sinks;

/// <summary>Runs one whole job output through a sink.</summary>
internal static class SinkWrites
{
    public static async Task CommitAsync(IOutputSink sink, string table, SinkMode mode, params SampleBatch[] samples)
    {
        await using (sink)
        {
            await sink.BeginAsync(new SinkTarget(table, SampleBatch.Schema, mode, JobId: 42, Attempt: 1));
            foreach (var sample in samples)
            {
                await sink.WriteAsync(sample.Batch);
            }
            await sink.CommitAsync();
        }
    }
}
