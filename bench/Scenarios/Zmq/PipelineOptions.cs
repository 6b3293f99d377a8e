namespace Casparian.Bench.Scenarios.Zmq;

/// <summary>
/// Shape of a pipelined ROUTER/DEALER run: <paramref name="InFlight"/> requests outstanding at any time, each a
/// 16-byte header frame and a small meta frame, until <paramref name="MaxRequests"/> completed or
/// <paramref name="Duration"/> elapsed (whichever comes first).
/// </summary>
internal sealed record PipelineOptions(int InFlight, long MaxRequests, TimeSpan Duration, int MetaBytes)
{
    /// <summary>The default run: 64 in flight, up to 5 million requests or 5 seconds, 48-byte meta.</summary>
    public static PipelineOptions Default { get; } = new(64, 5_000_000, TimeSpan.FromSeconds(5), 48);
}
