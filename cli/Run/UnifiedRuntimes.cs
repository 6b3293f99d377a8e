using Casparian.Worker.Execution;
using Casparian.Worker.Runtimes.Builtin;
using Casparian.Worker.Runtimes.NativeExec;

namespace Casparian.Cli.Run;

/// <summary>The runtimes the in-process workers of unified mode offer: the same set <c>casparian worker</c> has.</summary>
internal static class UnifiedRuntimes
{
    public static (IReadOnlyList<IPluginRuntime> Runtimes, IReadOnlyList<string> PluginNames) Create()
    {
        var builtin = new BuiltinRuntime([new NoopParser(), new SleepParser()]);
        return ([builtin, new NativeExecRuntime(new NativeExecOptions())], [.. builtin.PluginNames]);
    }
}
