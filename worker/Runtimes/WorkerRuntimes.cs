using Casparian.Worker.Execution;
using Casparian.Worker.Outputs;
using Casparian.Worker.Parsers;
using Casparian.Worker.Runtimes.Builtin;
using Casparian.Worker.Runtimes.NativeExec;

namespace Casparian.Worker.Runtimes;

/// <summary>
/// The runtimes a worker offers, built in one place so <c>casparian worker</c>, the unified <c>casparian run</c> and the
/// tests run the same set: the builtin parsers (noop, sleep, and csv / jsonl writing through the sinks) and
/// <c>native_exec</c>.
/// </summary>
/// <param name="Runtimes">For the <see cref="JobExecutor"/>.</param>
/// <param name="PluginNames">The builtin plugins, as IDENTIFY announces them (e.g. <c>builtin:csv</c>).</param>
public sealed record WorkerRuntimes(IReadOnlyList<IPluginRuntime> Runtimes, IReadOnlyList<string> PluginNames)
{
    /// <summary>The default set; <paramref name="outputs"/> defaults to the sinks the DISPATCH names.</summary>
    public static WorkerRuntimes CreateDefault(IJobOutputsFactory? outputs = null, BuiltinParserOptions? parserOptions = null, NativeExecOptions? nativeExec = null)
    {
        var builtin = new BuiltinRuntime([new NoopParser(), new SleepParser(), .. TableParsers.Create(outputs ?? new SinkJobOutputs(), parserOptions)]);
        return new WorkerRuntimes([builtin, new NativeExecRuntime(nativeExec ?? new NativeExecOptions())], [.. builtin.PluginNames]);
    }
}
