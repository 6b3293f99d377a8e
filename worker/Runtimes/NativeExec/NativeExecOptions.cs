using Casparian.Worker.Runtimes.PluginProcess;

namespace Casparian.Worker.Runtimes.NativeExec;

/// <summary>Limits and settings of the <c>native_exec</c> runtime (those of every subprocess plugin host).</summary>
public sealed record NativeExecOptions : PluginHostOptions;
