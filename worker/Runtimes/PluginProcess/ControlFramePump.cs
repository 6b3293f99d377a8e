using System.Globalization;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Plugins.ControlFrames;
using Casparian.Worker.Execution;
using Microsoft.Extensions.Logging;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>
/// Reads a plugin's stderr frame by frame and enforces the order of the protocol: <c>hello</c> first (and protocol
/// version 1), <c>output_begin</c> only for an expected output with its expected schema hash and only when no other
/// output is open, <c>output_end</c> only for the open output. Begin/end frames are handed to the stdout pump in order;
/// <c>progress</c> is reported, <c>warning</c> logged, <c>row_error</c> quarantined, <c>error</c> fails the job.
/// The first violation is reported to the session's latch and ends the pump.
/// </summary>
internal sealed partial class ControlFramePump(PluginSession session, Stream stderr, long maxLogBytes, ILogger logger)
{
    private readonly HashSet<string> _begun = new(StringComparer.Ordinal);
    private string? _open;

    public async Task RunAsync(CancellationToken stopping)
    {
        using var reader = new ControlFrameLineReader(stderr);
        var silenced = false;
        try
        {
            while (await reader.ReadLineAsync(stopping).ConfigureAwait(false) is { } line)
            {
                if (reader.BytesRead > maxLogBytes)
                {
                    throw PluginViolations.Violation(PluginViolations.LogBytes, string.Create(CultureInfo.InvariantCulture,
                        $"the plugin wrote more than {maxLogBytes} bytes to stderr; log less (warnings are for the operator, not for every row) or raise limits.max_log_bytes"));
                }
                if (silenced)
                {
                    session.Tail.Add(line.Span);
                    continue;
                }
                try
                {
                    Handle(line.Span);
                }
                catch (JobFailedException failure) when (failure.Code == PluginViolations.NoHello)
                {
                    // Before hello, stderr may be a crash report (a traceback, "not found"): keep reading it, and let
                    // the host decide between "crashed" and "no hello" once it sees how the process ends.
                    session.Tail.Add(line.Span);
                    session.Latch.Report(failure, deferred: true);
                    silenced = true;
                }
            }
            if (session.Hello is null && !silenced)
            {
                session.Latch.Report(PluginViolations.Violation(PluginViolations.NoHello,
                    $"the plugin ended stderr (exited?) without its hello frame; its first line on stderr must be {{\"type\":\"hello\",\"protocol_version\":1,\"plugin\":…,\"version\":…}}"),
                    deferred: true);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host stopped the run; whatever stopped it was reported already.
        }
        catch (ControlFrameException failure)
        {
            session.Latch.Report(PluginViolations.Violation(PluginViolations.BadFrame, failure.Message, failure), deferred: reader.ReachedEnd);
        }
        catch (JobFailedException failure)
        {
            session.Latch.Report(failure, deferred: reader.ReachedEnd);
        }
#pragma warning disable CA1031 // Anything else (a sink failing under a quarantine write) fails the run through the latch.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            session.Latch.Report(failure);
        }
        finally
        {
            session.Announcements.Close();
        }
    }

    private void Handle(ReadOnlySpan<byte> line)
    {
        ControlFrame frame;
        try
        {
            frame = ControlFrameParser.Parse(line);
        }
        catch (ControlFrameException failure) when (session.Hello is null)
        {
            throw PluginViolations.Violation(PluginViolations.NoHello,
                $"the plugin's first line on stderr is not a hello frame ({failure.Message}); send hello before anything else", failure);
        }
        if (session.Hello is null)
        {
            AcceptHello(frame);
            return;
        }
        switch (frame)
        {
            case OutputBeginFrame begin:
                Begin(begin);
                break;
            case OutputEndFrame end:
                End(end);
                break;
            case ProgressFrame progress:
                session.Job.Progress?.Report(new ProgressMessage { Attempt = session.Job.Attempt, Rows = progress.Rows, Bytes = progress.Bytes });
                break;
            case WarningFrame warning:
                LogWarning(logger, session.PluginName, session.Job.JobId, warning.Message);
                break;
            case RowErrorFrame rowError:
                RequireExpected(rowError.Output, "row_error");
                session.Tables.RowError(rowError);
                break;
            case ErrorFrame error:
                throw PluginViolations.Violation(PluginViolations.Error, $"the plugin gave up with {error.Code}: {error.Message}");
            case HelloFrame:
                throw PluginViolations.Violation(PluginViolations.BadFrame, "the plugin sent a second hello frame; send hello once, first");
        }
    }

    private void AcceptHello(ControlFrame frame)
    {
        if (frame is not HelloFrame hello)
        {
            throw PluginViolations.Violation(PluginViolations.NoHello,
                $"the plugin's first frame is a {frame.GetType().Name}, not hello; send hello before anything else");
        }
        if (hello.ProtocolVersion != ScrubbedEnvironment.ProtocolVersion)
        {
            throw PluginViolations.Violation(PluginViolations.ProtocolVersion, string.Create(CultureInfo.InvariantCulture,
                $"plugin {hello.Plugin} {hello.Version} speaks plugin protocol {hello.ProtocolVersion}, this worker speaks {ScrubbedEnvironment.ProtocolVersion}; rebuild the plugin for protocol {ScrubbedEnvironment.ProtocolVersion}"));
        }
        session.Hello = hello;
    }

    private void Begin(OutputBeginFrame begin)
    {
        if (_open is not null)
        {
            throw PluginViolations.Violation(PluginViolations.InterleavedStreams,
                $"output_begin for '{begin.Output}' while output '{_open}' is still open; finish a stream (end-of-stream marker, then output_end) before the next");
        }
        var expected = RequireExpected(begin.Output, "output_begin");
        if (!_begun.Add(begin.Output))
        {
            throw PluginViolations.Violation(PluginViolations.UnknownOutput,
                $"output '{begin.Output}' was already streamed; each output has exactly one stream per job");
        }
        if (!string.Equals(begin.SchemaHash, expected.SchemaHash, StringComparison.Ordinal))
        {
            throw PluginViolations.Violation(PluginViolations.SchemaHashMismatch,
                $"output_begin for '{begin.Output}' announces schema {begin.SchemaHash}, but the job expects {expected.SchemaHash}; the plugin must write the schema its bundle declares (republish the bundle if the schema changed)");
        }
        _open = begin.Output;
        session.Announcements.Add(new StreamBegin(begin.Output, begin.SchemaHash));
    }

    private void End(OutputEndFrame end)
    {
        if (!string.Equals(_open, end.Output, StringComparison.Ordinal))
        {
            throw PluginViolations.Violation(PluginViolations.BadFrame, _open is null
                ? $"output_end for '{end.Output}' but no output is open; send output_begin before the stream"
                : $"output_end for '{end.Output}' but the open output is '{_open}'");
        }
        _open = null;
        session.Announcements.Add(new StreamEnd(end.Output, end.Rows));
    }

    private ExpectedOutput RequireExpected(string output, string frame) =>
        session.Tables.Expected(output) ?? throw PluginViolations.Violation(PluginViolations.UnknownOutput,
            $"{frame} names output '{output}', which this job does not expect (it expects: {string.Join(", ", session.Job.Dispatch.Outputs.Select(o => o.Name))}); use the output names of the bundle's casparian.toml");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {Plugin} warns (job {JobId}): {Text}")]
    private static partial void LogWarning(ILogger logger, string plugin, ulong jobId, string text);
}
