using Casparian.Protocol.Messages;
using Casparian.Worker.Execution;
using Casparian.Worker.Runtimes.Builtin;

namespace Casparian.Worker.Tests.Execution;

public class JobExecutorTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Noop_completes_with_a_receipt_per_expected_output_echoing_its_keys()
    {
        var executor = new JobExecutor([new BuiltinRuntime([new NoopParser()])], TimeSpan.FromMinutes(1));
        var receipt = await executor.RunAsync(Job("builtin", "builtin:noop"), default, default);

        Assert.Equal(ConcludeStatus.Completed, receipt.Status);
        Assert.Equal(3, receipt.Attempt);
        var output = Assert.Single(receipt.Outputs);
        Assert.Equal("mk-1", output.MaterializationKey);
        Assert.Equal("otk-1", output.OutputTargetKey);
        Assert.Null(receipt.Error);
    }

    [Fact]
    public async Task Abort_of_a_running_job_ends_it_Aborted()
    {
        var runtime = new BlockingRuntime();
        var executor = new JobExecutor([runtime], TimeSpan.FromMinutes(1));
        using var abort = new CancellationTokenSource();

        var running = executor.RunAsync(Job("blocking", "p"), abort.Token, default);
        await runtime.Started.Task.WaitAsync(Deadline);
        await abort.CancelAsync();
        var receipt = await running.WaitAsync(Deadline);

        Assert.Equal(ConcludeStatus.Aborted, receipt.Status);
        Assert.Equal("job.aborted", receipt.Error!.Code);
    }

    [Fact]
    public async Task Shutdown_aborts_work_in_flight_with_its_own_reason()
    {
        var runtime = new BlockingRuntime();
        var executor = new JobExecutor([runtime], TimeSpan.FromMinutes(1));
        using var shutdown = new CancellationTokenSource();

        var running = executor.RunAsync(Job("blocking", "p"), default, shutdown.Token);
        await runtime.Started.Task.WaitAsync(Deadline);
        await shutdown.CancelAsync();

        var receipt = await running.WaitAsync(Deadline);
        Assert.Equal(ConcludeStatus.Aborted, receipt.Status);
        Assert.Equal("worker.shutdown", receipt.Error!.Code);
    }

    [Fact]
    public async Task Exceeding_the_wall_time_limit_fails_the_job_and_names_the_limit()
    {
        var executor = new JobExecutor([new BlockingRuntime()], TimeSpan.FromMinutes(1));
        var job = Job("blocking", "p") with { Dispatch = Job("blocking", "p").Dispatch with { Limits = new JobLimits { WallTimeMs = 50 } } };

        var receipt = await executor.RunAsync(job, default, default).WaitAsync(Deadline);

        Assert.Equal(ConcludeStatus.Failed, receipt.Status);
        Assert.Equal("limit.wall_time", receipt.Error!.Code);
        Assert.Contains("wall_time_ms", receipt.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typed_failure_keeps_its_kind_and_code()
    {
        var executor = new JobExecutor([new ThrowingRuntime(new JobFailedException(FailureKind.Permanent, "plugin.no_hello", "no hello within 10 s"))], TimeSpan.FromMinutes(1));
        var receipt = await executor.RunAsync(Job("throwing", "p"), default, default);

        Assert.Equal(ConcludeStatus.Failed, receipt.Status);
        Assert.Equal(FailureKind.Permanent, receipt.Error!.Kind);
        Assert.Equal("plugin.no_hello", receipt.Error.Code);
    }

    [Fact]
    public async Task An_unexpected_exception_is_reported_as_a_crash_not_thrown()
    {
        var executor = new JobExecutor([new ThrowingRuntime(new InvalidDataException("bad chunk"))], TimeSpan.FromMinutes(1));
        var receipt = await executor.RunAsync(Job("throwing", "p"), default, default);

        Assert.Equal(ConcludeStatus.Failed, receipt.Status);
        Assert.Equal(FailureKind.Crash, receipt.Error!.Kind);
        Assert.Contains("bad chunk", receipt.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("python_shim", "p", "runtime.unsupported")]
    [InlineData("builtin", "builtin:evtx-nope", "plugin.unknown_builtin")]
    public async Task Unknown_runtimes_and_parsers_fail_permanently_with_a_reason(string runtime, string plugin, string code)
    {
        var executor = new JobExecutor([new BuiltinRuntime([new NoopParser()])], TimeSpan.FromMinutes(1));
        var receipt = await executor.RunAsync(Job(runtime, plugin), default, default);

        Assert.Equal(ConcludeStatus.Failed, receipt.Status);
        Assert.Equal(FailureKind.Permanent, receipt.Error!.Kind);
        Assert.Equal(code, receipt.Error.Code);
    }

    private static JobContext Job(string runtime, string plugin) => new(7, new DispatchMessage
    {
        Attempt = 3,
        InputPath = "/corpus/a.csv",
        SourceHash = "ab",
        Plugin = new PluginRef { Name = plugin, Version = "1", ArtifactHash = "00", RuntimeKind = runtime },
        Outputs = [new ExpectedOutput { Name = "rows", Table = "t", SinkUri = "duckdb:///x", SchemaHash = "s", OutputTargetKey = "otk-1", MaterializationKey = "mk-1" }],
    });

    private sealed class BlockingRuntime : IPluginRuntime
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Kind => "blocking";

        public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class ThrowingRuntime(Exception exception) : IPluginRuntime
    {
        public string Kind => "throwing";

        public Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken) => Task.FromException<JobOutcome>(exception);
    }
}
