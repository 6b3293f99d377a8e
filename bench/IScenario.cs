namespace Casparian.Bench;

/// <summary>One benchmark scenario, selected by name on the command line.</summary>
internal interface IScenario
{
    string Name { get; }
    string Description { get; }
    Task<int> RunAsync(string[] args);
}
