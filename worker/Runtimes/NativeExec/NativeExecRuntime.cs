using System.Diagnostics;
using Casparian.Protocol.Messages;
using Casparian.Worker.Execution;
using Casparian.Worker.Processes;

namespace Casparian.Worker.Runtimes.NativeExec;

/// <summary>
/// <c>native_exec</c>: runs a plugin executable as <c>ENTRYPOINT INPUT_PATH</c> in its own process group, with a
/// scrubbed environment, and stops the whole tree on cancellation (SIGTERM, then SIGKILL after a grace period).
/// <para>This is the process-supervision layer. The output protocol of DESIGN §6 (Arrow IPC on stdout, NDJSON control
/// frames on stderr) is layered on it by the plugin-runtime work; until then stdout and stderr are drained and bounded,
/// and a clean exit completes the job with empty outputs.</para>
/// </summary>
public sealed class NativeExecRuntime(NativeExecOptions options) : IPluginRuntime
{
    public string Kind => "native_exec";

    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var entrypoint = EntrypointResolver.Resolve(job.Dispatch.Plugin.BundlePath, job.Dispatch.Plugin.Entrypoint);
        var psi = new ProcessStartInfo(entrypoint)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(entrypoint)!,
        };
        psi.ArgumentList.Add(job.Dispatch.InputPath);
        // A scrubbed environment: nothing inherited (no credentials, tokens or proxies), only what a parser needs.
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        psi.Environment["LANG"] = "C.UTF-8";
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["CASPARIAN_JOB_ID"] = job.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in options.ExtraEnvironment)
        {
            psi.Environment[key] = value;
        }

        using var group = ProcessGroup.Start(psi);
        group.Process.StandardInput.Close();
        var stdout = DrainAsync(group.Process.StandardOutput.BaseStream, options.MaxOutputBytes);
        var stderr = DrainAsync(group.Process.StandardError.BaseStream, options.MaxLogBytes);
        try
        {
            await group.Process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var gone = await group.KillAsync(options.KillGrace, options.KillDeadline, CancellationToken.None).ConfigureAwait(false);
            if (!gone)
            {
                throw new JobFailedException(FailureKind.Crash, "plugin.unkillable",
                    $"the plugin's process group {group.GroupId} survived SIGKILL for {options.KillDeadline.TotalSeconds:0.#} s");
            }
            throw;
        }
        // The leader exited: take down anything it left behind before reporting.
        await group.KillAsync(TimeSpan.Zero, options.KillDeadline, CancellationToken.None).ConfigureAwait(false);
        var outBytes = await stdout.ConfigureAwait(false);
        await stderr.ConfigureAwait(false);
        var exitCode = group.Process.ExitCode;
        if (exitCode != 0)
        {
            // 128+N is how a shell reports death by signal N; .NET reports a signalled child the same way.
            throw new JobFailedException(FailureKind.Crash, "plugin.crashed",
                exitCode > 128 ? $"the plugin died of signal {exitCode - 128}" : $"the plugin exited with code {exitCode}");
        }
        var receipts = job.Dispatch.Outputs
            .Select(o => new OutputReceipt { Name = o.Name, OutputTargetKey = o.OutputTargetKey, MaterializationKey = o.MaterializationKey })
            .ToArray();
        _ = outBytes;
        return new JobOutcome(job.Dispatch.SourceHash, receipts);
    }

    /// <summary>Reads a stream to its end, failing once it passes <paramref name="limit"/> bytes.</summary>
    private static async Task<long> DrainAsync(Stream stream, long limit)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    throw new JobFailedException(FailureKind.Permanent, "limit.output_bytes", $"the plugin wrote more than {limit} bytes to one stream; raise the limit or split the input");
                }
            }
            return total;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
