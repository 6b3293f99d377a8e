namespace Casparian.Bench.Scenarios.Zmq;

/// <summary>Completed round trips over the measured time.</summary>
internal sealed record PipelineResult(long Requests, TimeSpan Elapsed)
{
    /// <summary>Round trips per second.</summary>
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}
