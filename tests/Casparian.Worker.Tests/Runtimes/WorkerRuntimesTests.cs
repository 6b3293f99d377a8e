using Casparian.Worker.Runtimes;

namespace Casparian.Worker.Tests.Runtimes;

/// <summary>The runtime set every worker (and the unified run) is built with.</summary>
public sealed class WorkerRuntimesTests
{
    [Fact]
    public void The_default_set_offers_builtin_and_native_exec_and_announces_every_builtin_parser()
    {
        var runtimes = WorkerRuntimes.CreateDefault();

        Assert.Equal(["builtin", "native_exec"], runtimes.Runtimes.Select(r => r.Kind));
        Assert.Equal(["builtin:csv", "builtin:jsonl", "builtin:noop", "builtin:sleep"], runtimes.PluginNames.Order(StringComparer.Ordinal));
    }
}
