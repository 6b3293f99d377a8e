using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Arrays.Builders;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Worker.Lineage;

/// <summary>
/// Appends the lineage columns to every good batch of one output of one job. The appended columns are views over
/// this appender's pooled memory, valid until the next <see cref="Append"/> or <see cref="Dispose"/>; the input
/// batch's columns are shared, not copied.
/// </summary>
public sealed class LineageAppender : IDisposable
{
    private readonly LineageValues _values;
    private readonly ArrowSchema _schema;
    private readonly ArrowSchema _extended;
    private readonly BinaryColumnBuilder _sourceHash = new(ArrowType.Utf8);
    private readonly PrimitiveColumnBuilder<long> _fileVersionId = new(ArrowType.Int64);
    private readonly PrimitiveColumnBuilder<long> _jobId = new(ArrowType.Int64);
    private readonly BinaryColumnBuilder _artifactHash = new(ArrowType.Utf8);
    private readonly PrimitiveColumnBuilder<long> _processedAt = new(LineageColumns.Fields[4].Type);

    /// <summary>Prepares lineage for batches of <paramref name="schema"/>; refuses a schema with a <c>_cf_</c> column.</summary>
    public LineageAppender(ArrowSchema schema, string table, LineageValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _extended = LineageColumns.Extend(schema, table);
        _schema = schema;
        _values = values;
    }

    /// <summary>The schema of the batches <see cref="Append"/> returns.</summary>
    public ArrowSchema Schema => _extended;

    public RecordBatch Append(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!ReferenceEquals(batch.Schema, _schema) && batch.Schema.Fields.Count != _schema.Fields.Count)
        {
            throw new ArgumentException($"batch has {batch.Schema.Fields.Count} columns but lineage was prepared for {_schema.Fields.Count}", nameof(batch));
        }
        LineageColumns.RefuseReserved(batch.Schema.Fields.Select(f => f.Name), "batch");
        Fill(batch.Length);
        return new RecordBatch(_extended, batch.Length,
            [.. batch.Columns, _sourceHash.Build(), _fileVersionId.Build(), _jobId.Build(), _artifactHash.Build(), _processedAt.Build()]);
    }

    public void Dispose()
    {
        _sourceHash.Dispose();
        _fileVersionId.Dispose();
        _jobId.Dispose();
        _artifactHash.Dispose();
        _processedAt.Dispose();
    }

    private void Fill(int rows)
    {
        // The constant columns are rebuilt only when the row count changes (most batches are full and equal).
        if (_jobId.Length == rows)
        {
            return;
        }
        _sourceHash.Reset();
        _fileVersionId.Reset();
        _jobId.Reset();
        _artifactHash.Reset();
        _processedAt.Reset();
        var micros = _values.ProcessedAtMicros;
        for (var i = 0; i < rows; i++)
        {
            _sourceHash.Append(_values.SourceHash.AsSpan());
            _fileVersionId.Append(_values.FileVersionId);
            _jobId.Append(_values.JobId);
            _artifactHash.Append(_values.ArtifactHash.AsSpan());
            _processedAt.Append(micros);
        }
    }
}
