using Casparian.Protocol.Plugins.ControlFrames;
using Casparian.Worker.Execution;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>What the stderr and stdout pumps of one plugin run share.</summary>
internal sealed class PluginSession(JobContext job, OutputTables tables, FailureLatch latch, StreamAnnouncements announcements)
{
    private HelloFrame? _hello;

    public JobContext Job { get; } = job;

    public OutputTables Tables { get; } = tables;

    public FailureLatch Latch { get; } = latch;

    public StreamAnnouncements Announcements { get; } = announcements;

    public StderrTail Tail { get; } = new();

    /// <summary>The plugin's hello, once received (set by the stderr pump, read by the stdout pump and the hello timer).</summary>
    public HelloFrame? Hello
    {
        get => Volatile.Read(ref _hello);
        set => Volatile.Write(ref _hello, value);
    }

    /// <summary>How to name the plugin in messages.</summary>
    public string PluginName => Hello is { } hello ? $"{hello.Plugin} {hello.Version}" : Job.Dispatch.Plugin.Name;
}
