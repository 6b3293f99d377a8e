using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Casparian.Native.Compression;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Hashing;
using Casparian.Worker.Execution;
using Casparian.Worker.Lineage;
using Casparian.Worker.Parsers;
using Casparian.Worker.Processes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>
/// Runs one job's plugin process under the subprocess protocol of DESIGN §6, whatever started it (<c>native_exec</c>
/// runs the entrypoint itself, <c>python_shim</c> runs the shim under python3): a fresh scratch directory as cwd, HOME
/// and TMPDIR, the scrubbed environment, its own process group; stderr frames and stdout Arrow streams pumped
/// concurrently into the job's outputs. Success is exit code 0 with every expected output streamed once: the outputs
/// are completed and a receipt per output returned. Any violation, crash or cancellation kills the process tree and
/// disposes the outputs without completing them, so nothing becomes visible; violations and crashes throw
/// <see cref="JobFailedException"/> with the spec's reason code, cancellation throws <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class PluginProcessHost
{
    private readonly PluginHostOptions _options;
    private readonly IJobOutputsFactory _outputs;
    private readonly ILogger _logger;

    public PluginProcessHost(PluginHostOptions options, IJobOutputsFactory outputs, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outputs);
        _options = options;
        _outputs = outputs;
        _logger = logger ?? NullLogger.Instance;
    }

    public async Task<JobOutcome> RunAsync(JobContext job, PluginProcessSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(spec);
        var dispatch = job.Dispatch;
        var maxOutput = dispatch.Limits.MaxOutputBytes > 0 ? dispatch.Limits.MaxOutputBytes : _options.MaxOutputBytes;
        var maxLog = dispatch.Limits.MaxLogBytes > 0 ? dispatch.Limits.MaxLogBytes : _options.MaxLogBytes;
        var lineage = new LineageValues(dispatch.SourceHash ?? HashInput(dispatch.InputPath), dispatch.FileVersionId,
            checked((long)job.JobId), dispatch.Plugin.ArtifactHash, DateTimeOffset.UtcNow);
        // Bodies are read as their bytes arrive and those bytes count against the output limit, which a large claimed
        // body therefore meets with limit.output_bytes rather than an allocation.
        var readOptions = new ArrowReadOptions { Codecs = ArrowCodecs.All };

        using var scratch = JobScratchDirectory.Create(job.JobId);
        using var tables = new OutputTables(job, _outputs, lineage, _options.QuarantineBatchRows);
        using var announcements = new StreamAnnouncements();
        var latch = new FailureLatch();
        var session = new PluginSession(job, tables, latch, announcements);
        using var group = ProcessGroup.Start(StartInfo(job, spec, scratch.Path));
        group.Process.StandardInput.Close();

        using var stopping = new CancellationTokenSource();
        using var stdout = new PluginStdout(group.Process.StandardOutput.BaseStream, maxOutput);
        var stderrPump = new ControlFramePump(session, group.Process.StandardError.BaseStream, maxLog, _logger).RunAsync(stopping.Token);
        var stdoutPump = Task.Factory.StartNew(() => new ArrowOutputPump(session, stdout, _options, readOptions).Run(stopping.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var pumps = Task.WhenAll(stderrPump, stdoutPump);
        var exited = group.Process.WaitForExitAsync(CancellationToken.None);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onCancel = cancellationToken.Register(() => cancelled.TrySetResult());
        using var helloTimer = new CancellationTokenSource(_options.HelloTimeout);
        using var onHelloTimeout = helloTimer.Token.Register(() => ReportHelloTimeout(session));

        await Task.WhenAny(exited, latch.Failed, cancelled.Task).ConfigureAwait(false);
        if (exited.IsCompleted && !latch.HasFailed && !cancellationToken.IsCancellationRequested)
        {
            // The leader exited by itself: take down anything it left behind, then read what is left in the pipes.
            await group.KillAsync(TimeSpan.Zero, _options.KillDeadline, CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAny(pumps, latch.Failed, cancelled.Task).ConfigureAwait(false);
        }
        if (!pumps.IsCompleted || latch.HasFailed || cancellationToken.IsCancellationRequested)
        {
            ExceptionDispatchInfo.Throw(await StopAsync(session, group, exited, pumps, stopping, cancellationToken).ConfigureAwait(false));
        }

        var exitCode = group.Process.ExitCode;
        if (exitCode != 0)
        {
            throw Crashed(exitCode, session);
        }
        if (tables.Unstreamed() is { Count: > 0 } missing)
        {
            throw PluginViolations.Violation(PluginViolations.MissingOutput,
                $"the plugin exited without streaming output(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}; every expected output needs exactly one stream (an empty one is fine)");
        }
        // Nothing may be committed once the job was aborted or ran out of time, however late that came.
        cancellationToken.ThrowIfCancellationRequested();
        return new JobOutcome(lineage.SourceHash, tables.Complete());
    }

    /// <summary>Ends a run that failed or was cancelled: kills the tree, waits for the pumps, returns why it ended.</summary>
    private async Task<Exception> StopAsync(PluginSession session, ProcessGroup group, Task exited, Task pumps, CancellationTokenSource stopping, CancellationToken cancellationToken)
    {
        if (session.Latch.Deferred && !cancellationToken.IsCancellationRequested)
        {
            // Output that ended early is often the visible end of a crash: give the process a moment to show it.
            await Task.WhenAny(exited, Task.Delay(_options.KillDeadline, CancellationToken.None)).ConfigureAwait(false);
        }
        var exitedByItself = exited.IsCompleted;
        await stopping.CancelAsync().ConfigureAwait(false);
        var gone = await group.KillAsync(_options.KillGrace, _options.KillDeadline, CancellationToken.None).ConfigureAwait(false);
        // The pumps end when the pipes close; a process that escaped the group (its own setsid) could hold them open.
        await Task.WhenAny(pumps, Task.Delay(_options.KillDeadline, CancellationToken.None)).ConfigureAwait(false);
        if (!gone)
        {
            return new JobFailedException(FailureKind.Crash, PluginViolations.Unkillable, string.Create(CultureInfo.InvariantCulture,
                $"the plugin's process group {group.GroupId} survived SIGKILL for {_options.KillDeadline.TotalSeconds:0.#} s"));
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException(cancellationToken);
        }
        return session.Latch.Deferred && exitedByItself && group.Process.ExitCode != 0 ? Crashed(group.Process.ExitCode, session) : session.Latch.Failure!;
    }

    private static void ReportHelloTimeout(PluginSession session)
    {
        if (session.Hello is null)
        {
            session.Latch.Report(PluginViolations.Violation(PluginViolations.HelloTimeout,
                "the plugin sent no hello frame in time; write hello to stderr (and flush) before any work"));
        }
    }

    private static JobFailedException Crashed(int exitCode, PluginSession session)
    {
        // 128+N is how a shell reports death by signal N; .NET reports a signalled child the same way.
        var how = exitCode > 128
            ? string.Create(CultureInfo.InvariantCulture, $"the plugin died of signal {exitCode - 128}")
            : string.Create(CultureInfo.InvariantCulture, $"the plugin exited with code {exitCode}");
        var tail = session.Tail.ToString();
        return new JobFailedException(FailureKind.Crash, PluginViolations.Crashed, tail.Length > 0 ? $"{how}; its stderr: {tail}" : how);
    }

    private ProcessStartInfo StartInfo(JobContext job, PluginProcessSpec spec, string scratch)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = scratch,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // Nothing of the worker's environment is inherited: no credentials, tokens or proxies.
        info.Environment.Clear();
        foreach (var (key, value) in ScrubbedEnvironment.For(job.JobId, scratch, spec.BundleDirectory, _options.ExtraEnvironment))
        {
            info.Environment[key] = value;
        }
        return info;
    }

    private static string HashInput(string path)
    {
        try
        {
            var hasher = Blake3Hasher.Create();
            Blake3Streams.HashFile(hasher, path, 1);
            return Convert.ToHexStringLower(hasher.Finalize());
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new JobFailedException(FailureKind.Permanent, "input.missing", $"input '{path}' does not exist; rescan the source", e);
        }
    }
}
