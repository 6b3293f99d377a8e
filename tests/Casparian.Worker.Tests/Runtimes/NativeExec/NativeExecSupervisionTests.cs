using System.Diagnostics;
using Casparian.Testing;
using Casparian.Protocol.Messages;
using Casparian.Worker.Execution;
using Casparian.Worker.Runtimes.NativeExec;
using Casparian.Worker.Tests.Parsers;

namespace Casparian.Worker.Tests.Runtimes.NativeExec;

/// <summary>Process supervision of native_exec: kill of the whole tree, crash reports, entrypoint confinement.</summary>
public sealed class NativeExecSupervisionTests : IDisposable
{
    private readonly string _pidFile = Path.Combine(Path.GetTempPath(), $"casparian-pids-{Guid.NewGuid():N}");

    public void Dispose() => File.Delete(_pidFile);

    [Fact]
    public async Task Abort_of_a_plugin_that_hangs_and_ignores_SIGTERM_takes_its_whole_tree_down_within_two_seconds()
    {
        var executor = Executor(new Dictionary<string, string> { ["CASPARIAN_FIXTURE_PIDFILE"] = _pidFile });
        using var abort = new CancellationTokenSource();
        var running = executor.RunAsync(Job("hang-ignore-term"), abort.Token, default);
        var pids = await WaitForPidsAsync();
        Assert.All(pids, pid => Assert.True(IsAlive(pid)));

        var clock = Stopwatch.StartNew();
        await abort.CancelAsync();
        var receipt = await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"abort took {clock.Elapsed}");
        Assert.Equal(ConcludeStatus.Aborted, receipt.Status);
        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"process {pid} survived the abort"));
    }

    [Fact]
    public async Task A_crashing_plugin_fails_the_job_naming_the_signal()
    {
        var receipt = await Executor().RunAsync(Job("crash"), default, default);
        Assert.Equal(ConcludeStatus.Failed, receipt.Status);
        Assert.Equal(FailureKind.Crash, receipt.Error!.Kind);
        Assert.Contains("signal 11", receipt.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_that_says_hello_and_exits_cleanly_with_no_outputs_expected_completes()
    {
        var executor = Executor(new Dictionary<string, string> { ["CASPARIAN_FIXTURE_SLEEP"] = "0" });
        var receipt = await executor.RunAsync(Job("sleep"), default, default);
        Assert.Equal(ConcludeStatus.Completed, receipt.Status);
    }

    [Theory]
    [InlineData("../crash/run.sh")]
    [InlineData("/bin/sh")]
    public async Task An_entrypoint_outside_the_bundle_is_refused(string entrypoint)
    {
        var job = Job("sleep") with { Dispatch = Job("sleep").Dispatch with { Plugin = Job("sleep").Dispatch.Plugin with { Entrypoint = entrypoint } } };
        var receipt = await Executor().RunAsync(job, default, default);
        Assert.Equal(ConcludeStatus.Failed, receipt.Status);
        Assert.Equal("plugin.entrypoint_outside_bundle", receipt.Error!.Code);
    }

    [Fact]
    public async Task A_link_out_of_the_bundle_is_refused()
    {
        var bundle = Directory.CreateTempSubdirectory("casparian-bundle-");
        try
        {
            File.CreateSymbolicLink(Path.Combine(bundle.FullName, "run.sh"), RepoPaths.Fixture("plugins", "sleep", "run.sh"));
            var job = Job("sleep") with { Dispatch = Job("sleep").Dispatch with { Plugin = Job("sleep").Dispatch.Plugin with { BundlePath = bundle.FullName } } };
            var receipt = await Executor().RunAsync(job, default, default);
            Assert.Equal("plugin.entrypoint_outside_bundle", receipt.Error!.Code);
        }
        finally
        {
            bundle.Delete(recursive: true);
        }
    }

    private static JobExecutor Executor(IReadOnlyDictionary<string, string>? environment = null) =>
        new([new NativeExecRuntime(new NativeExecOptions { ExtraEnvironment = environment ?? new Dictionary<string, string>() }, new CollectingOutputs())], TimeSpan.FromMinutes(1));

    private static JobContext Job(string fixture) => new(1, new DispatchMessage
    {
        Attempt = 1,
        InputPath = "/dev/null",
        Plugin = new PluginRef { Name = fixture, Version = "1", ArtifactHash = "", RuntimeKind = "native_exec", BundlePath = RepoPaths.Fixture("plugins", fixture), Entrypoint = "run.sh" },
    });

    private async Task<int[]> WaitForPidsAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!File.Exists(_pidFile))
        {
            // The fixture publishes its pids by renaming a file into place; poll for it with a deadline.
            await Task.Delay(10, deadline.Token);
        }
        return [.. (await File.ReadAllTextAsync(_pidFile)).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
