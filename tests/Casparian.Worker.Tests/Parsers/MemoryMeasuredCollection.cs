namespace Casparian.Worker.Tests.Parsers;

/// <summary>Tests that measure the process's managed heap; they must not run beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuredCollection
{
    public const string Name = "memory-measured";
}
