using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Arrays;

/// <summary>
/// A set of equal-length columns with their schema. When the batch owns pooled memory (a decompressed or received
/// body) disposing it returns that memory; the columns must not be used afterwards.
/// </summary>
public sealed class RecordBatch : IDisposable
{
    private IDisposable? _owner;

    public RecordBatch(ArrowSchema schema, int length, IReadOnlyList<ArrowArray> columns, IDisposable? owner = null)
    {
        if (columns.Count != schema.Fields.Count)
        {
            throw new ArgumentException($"batch has {columns.Count} columns but the schema has {schema.Fields.Count} fields", nameof(columns));
        }
        Schema = schema;
        Length = length;
        Columns = columns;
        _owner = owner;
    }

    public ArrowSchema Schema { get; }

    public int Length { get; }

    public IReadOnlyList<ArrowArray> Columns { get; }

    public void Dispose()
    {
        _owner?.Dispose();
        _owner = null;
    }
}
