using System.Diagnostics;
using Casparian.Worker.Processes;

namespace Casparian.Worker.Tests.Processes;

public class ProcessGroupTests
{
    // A plugin that ignores SIGTERM and leaves two grandchildren behind, which also ignore it.
    private const string StubbornTree =
        "trap '' TERM; (trap '' TERM; exec sleep 600) & (trap '' TERM; exec sleep 600) & echo \"ready $! $$\"; wait";

    [Fact]
    public async Task Kill_takes_down_a_tree_that_ignores_SIGTERM_within_two_seconds()
    {
        using var group = ProcessGroup.Start(Bash(StubbornTree));
        var ready = await group.Process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("ready", ready, StringComparison.Ordinal);
        var grandchild = int.Parse(ready!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(group.AnyAlive());

        var clock = Stopwatch.StartNew();
        var gone = await group.KillAsync(grace: TimeSpan.FromMilliseconds(300), deadline: TimeSpan.FromSeconds(2));

        Assert.True(gone, "the process group outlived the 2 s deadline");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
        Assert.False(group.AnyAlive());
        Assert.False(IsRunning(grandchild), $"grandchild {grandchild} survived");
    }

    [Fact]
    public async Task A_tree_that_honours_SIGTERM_stops_before_the_grace_period()
    {
        using var group = ProcessGroup.Start(Bash("sleep 600 & echo ready; wait"));
        await group.Process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var clock = Stopwatch.StartNew();
        Assert.True(await group.KillAsync(grace: TimeSpan.FromSeconds(5), deadline: TimeSpan.FromSeconds(10)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}, so SIGKILL was needed");
    }

    [Fact]
    public async Task The_group_does_not_include_the_starting_process()
    {
        using var group = ProcessGroup.Start(Bash("echo ready; exec sleep 600"));
        await group.Process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotEqual(Environment.ProcessId, group.GroupId);
        Assert.True(await group.KillAsync(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2)));
        Assert.True(IsRunning(Environment.ProcessId));
    }

    private static ProcessStartInfo Bash(string script)
    {
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        return psi;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
