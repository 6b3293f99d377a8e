using System.Globalization;
using Casparian.Protocol.Arrow;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Protocol.Plugins;
using Casparian.Worker.Contracts;
using Casparian.Worker.Execution;
using Casparian.Worker.Lineage;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>
/// Reads a plugin's stdout: one Arrow IPC stream after another, each matched to the <c>output_begin</c> announcing it.
/// A stream's schema must hash to the announced (and expected) schema hash and may not use the <c>_cf_</c> namespace;
/// its batches go to the output's tables one at a time as they arrive, so a plugin that writes faster than the sink
/// blocks on a full pipe and a stream is never held in memory; after its end-of-stream marker, the <c>output_end</c>
/// row count must equal the rows read. Synchronous on purpose: it runs on its own thread and back-pressure is a
/// blocking read. The first violation is reported to the session's latch and ends the pump.
/// </summary>
internal sealed class ArrowOutputPump(PluginSession session, PluginStdout stdout, PluginHostOptions options, ArrowReadOptions readOptions)
{
    public void Run(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested && stdout.WaitForData())
            {
                ReadStream(NextBegin(stopping), stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host stopped the run; whatever stopped it was reported already.
        }
        catch (JobFailedException failure)
        {
            // Output that ends early may be how a crash looks from here: let the host see how the process ended.
            session.Latch.Report(failure, deferred: stdout.ReachedEnd || session.Announcements.IsClosed);
        }
#pragma warning disable CA1031 // Anything else (a sink failing under a write) fails the run through the latch.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            session.Latch.Report(failure);
        }
    }

    private StreamBegin NextBegin(CancellationToken stopping)
    {
        var wait = session.Announcements.Next(options.StreamHandshakeTimeout, stopping, out var announcement);
        if (wait == AnnouncementWait.Received)
        {
            return announcement as StreamBegin ?? throw new InvalidOperationException($"announcement {announcement} out of order; the stderr pump lets only output_begin follow output_end");
        }
        if (session.Hello is null)
        {
            throw PluginViolations.Violation(PluginViolations.NoHello,
                "the plugin wrote to stdout before its hello frame; send hello, then output_begin, then the output's Arrow stream");
        }
        throw PluginViolations.Violation(PluginViolations.StdoutNotArrow, wait == AnnouncementWait.Closed
            ? "the plugin wrote to stdout with no output open (no output_begin announced the bytes); write only announced Arrow streams to stdout and send logs as warning frames on stderr"
            : string.Create(CultureInfo.InvariantCulture,
                $"the plugin wrote to stdout but no output_begin announced it within {options.StreamHandshakeTimeout.TotalSeconds:0.#} s; write only announced Arrow streams to stdout and send logs as warning frames on stderr"));
    }

    private void ReadStream(StreamBegin begin, CancellationToken stopping)
    {
        var expected = session.Tables.Expected(begin.Output)!;
        ArrowStreamReader reader;
        try
        {
            reader = new ArrowStreamReader(stdout, readOptions);
        }
        catch (ArrowFormatException failure)
        {
            throw NotArrow(begin.Output, 0, failure);
        }
        using (reader)
        {
            CheckSchema(reader.Schema, begin, expected.Table);
            session.Tables.BeginStream(begin.Output, reader.Schema);
            long rows = 0;
            while (true)
            {
                stopping.ThrowIfCancellationRequested();
                Protocol.Arrow.Arrays.RecordBatch? batch;
                try
                {
                    batch = reader.ReadNext();
                }
                catch (ArrowFormatException failure)
                {
                    throw NotArrow(begin.Output, rows, failure);
                }
                if (batch is null)
                {
                    break;
                }
                using (batch)
                {
                    session.Tables.WriteStreamBatch(begin.Output, batch, rows + 1);
                    rows += batch.Length;
                }
            }
            if (stdout.ReachedEnd)
            {
                throw PluginViolations.Violation(PluginViolations.StdoutNotArrow, string.Create(CultureInfo.InvariantCulture,
                    $"stdout ended inside the stream of output '{begin.Output}' after {rows} rows, without its end-of-stream marker; finish every stream (0xFFFFFFFF 0x00000000) and flush stdout before exiting"));
            }
            ConfirmRows(begin.Output, rows, stopping);
        }
    }

    private static void CheckSchema(ArrowSchema schema, StreamBegin begin, string table)
    {
        try
        {
            LineageColumns.RefuseReserved(schema.Fields.Select(f => f.Name), table);
        }
        catch (ContractViolationException failure)
        {
            throw PluginViolations.Violation(PluginViolations.ReservedColumn, failure.Message, failure);
        }
        OutputSchema actual;
        try
        {
            actual = OutputSchema.FromArrowSchema(schema);
        }
        catch (PluginSchemaException failure)
        {
            throw PluginViolations.Violation(PluginViolations.SchemaHashMismatch,
                $"the Arrow stream of output '{begin.Output}' cannot have its declared schema: {failure.Message}", failure);
        }
        if (!string.Equals(actual.Hash, begin.SchemaHash, StringComparison.Ordinal))
        {
            throw PluginViolations.Violation(PluginViolations.SchemaHashMismatch,
                $"the Arrow stream of output '{begin.Output}' has schema {actual.CanonicalJson} (hash {actual.Hash}), not the announced {begin.SchemaHash}; write exactly the columns of the bundle's schema file (names, types, nullability, order)");
        }
    }

    private void ConfirmRows(string output, long rows, CancellationToken stopping)
    {
        var wait = session.Announcements.Next(options.StreamHandshakeTimeout, stopping, out var announcement);
        if (wait != AnnouncementWait.Received)
        {
            throw PluginViolations.Violation(PluginViolations.RowCountMismatch, wait == AnnouncementWait.Closed
                ? string.Create(CultureInfo.InvariantCulture, $"the stream of output '{output}' ended after {rows} rows but the plugin ended stderr without its output_end; send output_end with the row count after each stream")
                : string.Create(CultureInfo.InvariantCulture, $"the stream of output '{output}' ended after {rows} rows but no output_end followed within {options.StreamHandshakeTimeout.TotalSeconds:0.#} s; send output_end right after flushing the end-of-stream marker"));
        }
        var end = announcement as StreamEnd ?? throw new InvalidOperationException($"announcement {announcement} out of order; the stderr pump lets only output_end follow output_begin");
        if (end.Rows != rows)
        {
            throw PluginViolations.Violation(PluginViolations.RowCountMismatch, string.Create(CultureInfo.InvariantCulture,
                $"output_end for '{output}' says {end.Rows} rows but its Arrow stream had {rows}; count the rows the plugin actually wrote"));
        }
        session.Tables.EndStream(output);
    }

    private static JobFailedException NotArrow(string output, long rows, ArrowFormatException failure) =>
        PluginViolations.Violation(PluginViolations.StdoutNotArrow, string.Create(CultureInfo.InvariantCulture,
            $"stdout after output_begin '{output}' is not a valid Arrow IPC stream (after {rows} rows: {failure.Message}); write the IPC stream format (schema, record batches, end-of-stream marker), nothing else"), failure);
}
