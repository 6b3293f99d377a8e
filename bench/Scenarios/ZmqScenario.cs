using System.Globalization;
using Casparian.Bench.Scenarios.Zmq;

namespace Casparian.Bench.Scenarios;

/// <summary>
/// Pipelined ROUTER/DEALER round trips over tcp on 127.0.0.1 through our libzmq binding, against the same pattern in
/// python3-zmq. Arguments: [SECONDS] [IN_FLIGHT].
/// </summary>
internal sealed class ZmqScenario : IScenario
{
    public string Name => "zmq";

    public string Description => "pipelined ROUTER/DEALER message rate: our binding vs python3-zmq";

    public Task<int> RunAsync(string[] args)
    {
        var options = PipelineOptions.Default;
        if (args.Length > 0)
        {
            options = options with { Duration = TimeSpan.FromSeconds(double.Parse(args[0], CultureInfo.InvariantCulture)) };
        }
        if (args.Length > 1)
        {
            options = options with { InFlight = int.Parse(args[1], CultureInfo.InvariantCulture) };
        }
        Console.WriteLine($"zmq: {options.InFlight} in flight, up to {options.MaxRequests} requests or {options.Duration.TotalSeconds} s, header 16 B + meta {options.MetaBytes} B");

        var ours = RawRouterDealerRate.Measure(options);
        Console.WriteLine($"  ours:        {ours.Requests} round trips in {ours.Elapsed.TotalSeconds:0.00} s");
        var reference = PythonZmqReference.Measure(options);
        Console.WriteLine($"  python3-zmq: {reference.Requests} round trips in {reference.Elapsed.TotalSeconds:0.00} s");

        BenchReport.Line(Name, ours.RequestsPerSecond, reference.RequestsPerSecond, "msg/s", "python3-zmq", 1.0);
        return Task.FromResult(0);
    }
}
