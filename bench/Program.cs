using Casparian.Bench;
using Casparian.Bench.Scenarios;

// Each scenario compares us with a reference tool run side by side in the same process run,
// and prints `NAME: ours=V UNIT; reference=V UNIT (TOOL); ratio=R; goal=G` as its last line.
IScenario[] scenarios =
[
    new QueueScenario(),
    new DuckDbAppendScenario(),
    new ZmqScenario(),
    new DispatchScenario(),
    new HashScenario(),
    new ArrowScenario(),
    new IngestCsvScenario(),
    new ScanScenario(),
    new MetricsScrapeScenario(),
    new NativeExecScenario(),
];

if (args.Length == 0 || args[0] is "-h" or "--help" or "list")
{
    Console.WriteLine("usage: dotnet run -c Release --project bench -- NAME [ARGS...]");
    foreach (var s in scenarios)
    {
        Console.WriteLine($"  {s.Name,-14} {s.Description}");
    }
    return args.Length == 0 ? 2 : 0;
}

var scenario = Array.Find(scenarios, s => s.Name == args[0]);
if (scenario is null)
{
    Console.Error.WriteLine($"unknown scenario '{args[0]}'; run with --help for the list");
    return 2;
}
return await scenario.RunAsync(args[1..]);
