using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>
/// The columns of an output declared not nullable, and the check that a batch honours them. The Arrow schema says a
/// column is not nullable but the format cannot stop a writer from sending nulls in it, so the host checks every batch.
/// </summary>
internal sealed class NotNullableColumns(ArrowSchema schema)
{
    private readonly int[] _columns = [.. schema.Fields.Select((f, i) => (f, i)).Where(x => !x.f.Nullable).Select(x => x.i)];

    /// <summary>True when no not-nullable column of the batch has a null (the common case: one look per column).</summary>
    public bool AllPresent(RecordBatch batch)
    {
        foreach (var c in _columns)
        {
            if (batch.Columns[c].NullCount > 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The first not-nullable column that is null in <paramref name="row"/>, or -1.</summary>
    public int FirstNull(RecordBatch batch, int row)
    {
        foreach (var c in _columns)
        {
            if (!batch.Columns[c].IsValid(row))
            {
                return c;
            }
        }
        return -1;
    }
}
