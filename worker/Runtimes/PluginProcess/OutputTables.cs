using System.Buffers;
using System.Text;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Plugins.ControlFrames;
using Casparian.Worker.Contracts;
using Casparian.Worker.Execution;
using Casparian.Worker.Lineage;
using Casparian.Worker.Parsers;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>
/// The tables one plugin run writes, shared by the stdout pump (each output's good rows, and rows with a null in a
/// not-nullable column, which go to quarantine) and the stderr pump (<c>row_error</c> frames, which go to quarantine).
/// Every write goes through one lock because a job's outputs (a sink) are not thread-safe. Good batches get the
/// lineage columns; quarantine rows are buffered per output, written in batches, with lineage too. The job's outputs
/// are created at the first write, and nothing is visible before <see cref="Complete"/>.
/// </summary>
internal sealed class OutputTables : IDisposable
{
    private const long QuarantineTextFlushBytes = 4L << 20;
    private const string QuarantineSuffix = "__quarantine"; // the convention of OutputContract.QuarantineTable

    private readonly Lock _gate = new();
    private readonly JobContext _job;
    private readonly IJobOutputsFactory _factory;
    private readonly LineageValues _lineage;
    private readonly int _quarantineBatchRows;
    private readonly Dictionary<string, OutputState> _outputs = new(StringComparer.Ordinal);
    private IJobOutputs? _jobOutputs;
    private bool _disposed;

    public OutputTables(JobContext job, IJobOutputsFactory factory, LineageValues lineage, int quarantineBatchRows)
    {
        ArgumentNullException.ThrowIfNull(job);
        _job = job;
        _factory = factory;
        _lineage = lineage;
        _quarantineBatchRows = quarantineBatchRows;
        foreach (var expected in job.Dispatch.Outputs)
        {
            if (!_outputs.TryAdd(expected.Name, new OutputState(expected)))
            {
                throw new JobFailedException(FailureKind.Permanent, "dispatch.duplicate_output",
                    $"the DISPATCH expects output '{expected.Name}' twice; each output of a plugin is expected once");
            }
        }
    }

    /// <summary>The expected output called <paramref name="name"/>, or null.</summary>
    public ExpectedOutput? Expected(string name) => _outputs.TryGetValue(name, out var state) ? state.Expected : null;

    /// <summary>Whether the stream of <paramref name="name"/> was read to its end.</summary>
    public bool Streamed(string name) => _outputs.TryGetValue(name, out var state) && state.Streamed;

    /// <summary>Expected outputs whose stream was not read to its end, in DISPATCH order.</summary>
    public IReadOnlyList<string> Unstreamed() => [.. _job.Dispatch.Outputs.Select(o => o.Name).Where(n => !_outputs[n].Streamed)];

    /// <summary>Opens the good table of <paramref name="name"/> for a stream of <paramref name="schema"/> (checked by the caller).</summary>
    public void BeginStream(string name, ArrowSchema schema)
    {
        lock (_gate)
        {
            var state = State(name);
            state.GoodLineage = new LineageAppender(schema, state.Expected.Table, _lineage);
            state.NotNullable = new NotNullableColumns(schema);
            state.Good = Outputs().Open(state.Expected.Table, state.GoodLineage.Schema);
            EnsureQuarantineOpen(state);
        }
    }

    /// <summary>
    /// Writes one batch of <paramref name="name"/>'s stream: rows with a null in a not-nullable column go to quarantine
    /// (<c>null.not_nullable</c>, numbered from <paramref name="firstRowNumber"/>), the rest get lineage and go to the table.
    /// </summary>
    public void WriteStreamBatch(string name, RecordBatch batch, long firstRowNumber)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            var state = State(name);
            var good = state.Good ?? throw new InvalidOperationException($"output '{name}' has no open stream");
            if (state.NotNullable!.AllPresent(batch))
            {
                good.Write(state.GoodLineage!.Append(batch));
                state.Rows += batch.Length;
                return;
            }
            var keep = ArrayPool<bool>.Shared.Rent(batch.Length);
            try
            {
                for (var row = 0; row < batch.Length; row++)
                {
                    var column = state.NotNullable.FirstNull(batch, row);
                    keep[row] = column < 0;
                    if (column >= 0)
                    {
                        Quarantine(state, firstRowNumber + row, QuarantineReasons.NullNotNullable, batch.Schema.Fields[column].Name, null, RowText.Render(batch, row));
                    }
                }
                using var copy = CopiedRows.Take(batch, keep.AsSpan(0, batch.Length));
                if (copy.Batch.Length > 0)
                {
                    good.Write(state.GoodLineage!.Append(copy.Batch));
                }
                state.Rows += copy.Batch.Length;
            }
            finally
            {
                ArrayPool<bool>.Shared.Return(keep);
            }
        }
    }

    /// <summary>Records that <paramref name="name"/>'s stream was read to its end and its row count confirmed.</summary>
    public void EndStream(string name)
    {
        lock (_gate)
        {
            State(name).Streamed = true;
        }
    }

    /// <summary>A <c>row_error</c>: one quarantine row of its output (the caller checked the output is expected).</summary>
    public void RowError(RowErrorFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_gate)
        {
            var state = State(frame.Output);
            state.RowErrors++;
            Quarantine(state, frame.Line ?? state.RowErrors, frame.Reason, frame.Column, frame.Raw, frame.Raw ?? "");
        }
    }

    /// <summary>Writes the buffered quarantine rows and commits the job's outputs; returns a receipt per expected output.</summary>
    public IReadOnlyList<OutputReceipt> Complete()
    {
        lock (_gate)
        {
            foreach (var state in _outputs.Values)
            {
                EnsureQuarantineOpen(state);
                FlushQuarantine(state);
            }
            Outputs().Complete();
            return [.. _job.Dispatch.Outputs.Select(o => _outputs[o.Name]).Select(s => new OutputReceipt
            {
                Name = s.Expected.Name,
                OutputTargetKey = s.Expected.OutputTargetKey,
                MaterializationKey = s.Expected.MaterializationKey,
                Rows = s.Rows,
                QuarantinedRows = s.Quarantined,
            })];
        }
    }

    /// <summary>Discards everything not completed; later writes (from a pump that outlived the run) are refused.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _jobOutputs?.Dispose();
            foreach (var state in _outputs.Values)
            {
                state.Dispose();
            }
        }
    }

    private OutputState State(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _outputs[name];
    }

    private IJobOutputs Outputs() => _jobOutputs ??= _factory.Create(_job);

    private void EnsureQuarantineOpen(OutputState state)
    {
        if (state.Quarantine is null)
        {
            var table = state.Expected.Table + QuarantineSuffix;
            state.QuarantineLineage = new LineageAppender(QuarantineBatchBuilder.Schema, table, _lineage);
            state.Quarantine = Outputs().Open(table, state.QuarantineLineage.Schema);
        }
    }

    private void Quarantine(OutputState state, long rowNumber, string reason, string? column, string? rawValue, string rawLine)
    {
        var value = rawValue is null ? [] : Encoding.UTF8.GetBytes(rawValue);
        state.Pending.Append(rowNumber, reason, column, value, rawValue is not null, Encoding.UTF8.GetBytes(rawLine));
        state.Quarantined++;
        if (state.Pending.Length >= _quarantineBatchRows || state.Pending.TextBytes >= QuarantineTextFlushBytes)
        {
            EnsureQuarantineOpen(state);
            FlushQuarantine(state);
        }
    }

    private static void FlushQuarantine(OutputState state)
    {
        if (state.Pending.Length == 0)
        {
            return;
        }
        state.Quarantine!.Write(state.QuarantineLineage!.Append(state.Pending.Build()));
        state.Pending.Reset();
    }

    /// <summary>What the run wrote for one expected output.</summary>
    private sealed class OutputState(ExpectedOutput expected) : IDisposable
    {
        public ExpectedOutput Expected { get; } = expected;

        public ITableWriter? Good { get; set; }

        public LineageAppender? GoodLineage { get; set; }

        public NotNullableColumns? NotNullable { get; set; }

        public ITableWriter? Quarantine { get; set; }

        public LineageAppender? QuarantineLineage { get; set; }

        public QuarantineBatchBuilder Pending { get; } = new();

        public long Rows { get; set; }

        public long Quarantined { get; set; }

        public long RowErrors { get; set; }

        public bool Streamed { get; set; }

        public void Dispose()
        {
            GoodLineage?.Dispose();
            QuarantineLineage?.Dispose();
            Pending.Dispose();
        }
    }
}
