using System.Diagnostics;
using Casparian.Protocol.Messages;
using Casparian.Worker.Execution;
using Casparian.Worker.Runtimes.NativeExec;

namespace Casparian.Worker.Tests.Runtimes.NativeExec;

/// <summary>
/// Every protocol violation of the plugin spec, played by the native-lines fixture: the job fails with the violation's
/// own reason code, the plugin's processes are gone, and nothing of the output is visible (never completed, no file).
/// </summary>
public sealed class NativeExecViolationTests : IDisposable
{
    /// <summary>Enough lines for the fixture to write several batches before it misbehaves at the end of its stream.</summary>
    private const int Lines = 40_000;

    private readonly NativeLinesFixture _plugin = new();
    private readonly WatchedOutputs _outputs = new();

    public void Dispose()
    {
        _plugin.Dispose();
        _outputs.Dispose();
    }

    [Theory]
    [InlineData("no-hello", "plugin.no_hello")]
    [InlineData("exit-before-hello", "plugin.no_hello")]
    [InlineData("stdout-before-hello", "plugin.no_hello")]
    [InlineData("protocol-version", "plugin.protocol_version")]
    [InlineData("bad-frame", "plugin.bad_frame")]
    [InlineData("garbage-stdout", "plugin.stdout_not_arrow")]
    [InlineData("wrong-schema-hash", "plugin.schema_hash_mismatch")]
    [InlineData("wrong-arrow-schema", "plugin.schema_hash_mismatch")]
    [InlineData("unknown-output", "plugin.unknown_output")]
    [InlineData("duplicate-output", "plugin.unknown_output")]
    [InlineData("cf-column", "contract.reserved_column")]
    [InlineData("row-count-lie", "plugin.row_count_mismatch")]
    [InlineData("missing-end", "plugin.row_count_mismatch")]
    [InlineData("no-output", "plugin.missing_output")]
    [InlineData("error-frame", "plugin.error")]
    public async Task A_violation_fails_the_job_with_its_own_reason_and_leaves_no_output(string directive, string code)
    {
        var input = _plugin.Input(directive, Lines);

        var receipt = await Executor().RunAsync(NativeLinesFixture.Job(input), default, default);

        AssertFailed(receipt, FailureKind.Permanent, code, input);
    }

    [Fact]
    public async Task A_plugin_that_gives_up_fails_the_job_with_its_message()
    {
        var receipt = await Executor().RunAsync(NativeLinesFixture.Job(_plugin.Input("error-frame", 1)), default, default);

        AssertFailed(receipt, FailureKind.Permanent, "plugin.error", null);
        Assert.Contains("input.unsupported", receipt.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("the fixture refuses this input on purpose", receipt.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_output_begun_while_the_first_is_open_is_interleaving()
    {
        var input = _plugin.Input("interleave", Lines);

        var receipt = await Executor().RunAsync(NativeLinesFixture.Job(input, moreOutputs: "stats"), default, default);

        AssertFailed(receipt, FailureKind.Permanent, "plugin.interleaved_streams", input);
    }

    [Fact]
    public async Task A_plugin_without_hello_in_time_fails_with_hello_timeout_long_before_it_would_have_said_hello()
    {
        var input = _plugin.Input("late-hello", 1);
        var clock = Stopwatch.StartNew();

        var receipt = await Executor(new NativeExecOptions { HelloTimeout = TimeSpan.FromMilliseconds(700) }).RunAsync(NativeLinesFixture.Job(input), default, default);

        AssertFailed(receipt, FailureKind.Permanent, "plugin.hello_timeout", input);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}; the fixture says hello only after a minute");
    }

    [Fact]
    public async Task Bytes_on_stdout_that_no_output_begin_announces_are_not_arrow()
    {
        var input = _plugin.Input("stray-stdout", 1);

        var receipt = await Executor(new NativeExecOptions { StreamHandshakeTimeout = TimeSpan.FromMilliseconds(500) }).RunAsync(NativeLinesFixture.Job(input), default, default);

        AssertFailed(receipt, FailureKind.Permanent, "plugin.stdout_not_arrow", input);
        Assert.Contains("no output_begin", receipt.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flooding_stdout_past_the_output_limit_fails_with_limit_output_bytes()
    {
        var input = _plugin.Input("flood-stdout", 1);

        var receipt = await Executor().RunAsync(NativeLinesFixture.Job(input, limits: new JobLimits { MaxOutputBytes = 4 << 20 }), default, default);

        AssertFailed(receipt, FailureKind.Permanent, "limit.output_bytes", input);
    }

    [Fact]
    public async Task Flooding_stderr_past_the_log_limit_fails_with_limit_log_bytes()
    {
        var input = _plugin.Input("flood-stderr", 1);

        var receipt = await Executor().RunAsync(NativeLinesFixture.Job(input, limits: new JobLimits { MaxLogBytes = 256 << 10 }), default, default);

        AssertFailed(receipt, FailureKind.Permanent, "limit.log_bytes", input);
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_a_stream_is_a_crash_and_leaves_no_output()
    {
        var input = _plugin.Input("crash-mid-stream", Lines);

        var receipt = await Executor().RunAsync(NativeLinesFixture.Job(input), default, default);

        AssertFailed(receipt, FailureKind.Crash, "plugin.crashed", input);
        Assert.Contains("signal 9", receipt.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_that_dies_before_hello_is_a_crash_quoting_what_it_wrote_to_stderr()
    {
        var input = _plugin.Input("crash-before-hello", 1);

        var receipt = await Executor().RunAsync(NativeLinesFixture.Job(input), default, default);

        AssertFailed(receipt, FailureKind.Crash, "plugin.crashed", input);
        Assert.Contains("exited with code 3", receipt.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("the fixture cannot start", receipt.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exceeding_the_wall_time_mid_stream_fails_with_limit_wall_time_and_leaves_no_output()
    {
        var input = _plugin.Input("stall-mid-stream", Lines);

        var receipt = await Executor().RunAsync(NativeLinesFixture.Job(input, limits: new JobLimits { WallTimeMs = 1500 }), default, default);

        AssertFailed(receipt, FailureKind.Permanent, "limit.wall_time", input);
    }

    [Fact]
    public async Task Abort_in_the_middle_of_a_stream_kills_the_plugin_and_leaves_nothing_of_what_it_wrote()
    {
        var input = _plugin.Input("stall-mid-stream", Lines);
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var abort = new CancellationTokenSource();
        var running = Executor().RunAsync(NativeLinesFixture.Job(input, progress: new Signal(stalled)), abort.Token, default);
        await stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => _outputs.Files().Any(f => f.EndsWith(".staging", StringComparison.Ordinal)), "the rows to reach the staged output");

        var clock = Stopwatch.StartNew();
        await abort.CancelAsync();
        var receipt = await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ConcludeStatus.Aborted, receipt.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"abort took {clock.Elapsed}");
        Assert.Empty(NativeLinesFixture.ProcessesReading(input));
        _outputs.AssertNothingVisible();
    }

    private JobExecutor Executor(NativeExecOptions? options = null) =>
        new([new NativeExecRuntime(options ?? new NativeExecOptions(), _outputs)], TimeSpan.FromMinutes(1));

    private void AssertFailed(ConcludeMessage receipt, string kind, string code, string? input)
    {
        Assert.True(receipt.Status == ConcludeStatus.Failed, $"expected {code}, the job ended {receipt.Status}: {receipt.Error}");
        Assert.True(receipt.Error!.Code == code, $"expected {code}, got {receipt.Error.Code}: {receipt.Error.Message}");
        Assert.Equal(kind, receipt.Error.Kind);
        Assert.False(string.IsNullOrWhiteSpace(receipt.Error.Message));
        if (input is not null)
        {
            Assert.Empty(NativeLinesFixture.ProcessesReading(input));
        }
        _outputs.AssertNothingVisible();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            // Polling with a deadline: the staged file appears when the runtime's pump writes, with no event for it.
            await Task.Delay(10, deadline.Token).ConfigureAwait(false);
        }
        Assert.True(condition(), what);
    }

    private sealed class Signal(TaskCompletionSource signal) : IProgress<ProgressMessage>
    {
        public void Report(ProgressMessage value) => signal.TrySetResult();
    }
}
