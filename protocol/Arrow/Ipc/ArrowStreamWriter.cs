using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Ipc;

/// <summary>
/// Writes the Arrow IPC stream format: the schema at once, then dictionaries and batches as they come, and the
/// end-of-stream marker on <see cref="Finish"/> or dispose. The target stream is not closed.
/// </summary>
public sealed class ArrowStreamWriter : IArrowBatchWriter
{
    private readonly MessageWriter _writer;
    private bool _finished;

    public ArrowStreamWriter(Stream stream, ArrowSchema schema, ArrowWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        _writer = new MessageWriter(stream, schema, options ?? new ArrowWriteOptions());
        _writer.WriteSchema();
    }

    public void Write(RecordBatch batch)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _writer.WriteBatch(batch);
    }

    /// <summary>
    /// Appends <paramref name="delta"/> to dictionary <paramref name="dictionaryId"/> with a delta dictionary batch, so
    /// a growing dictionary is not resent whole. Batches after it must use <paramref name="combined"/> (the old entries
    /// followed by the delta's) as their dictionary.
    /// </summary>
    public void WriteDictionaryDelta(long dictionaryId, ArrowArray delta, ArrowArray combined)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _writer.WriteDictionaryDelta(dictionaryId, delta, combined);
    }

    /// <summary>Writes the end-of-stream marker; no batch can follow.</summary>
    public void Finish()
    {
        if (!_finished)
        {
            _finished = true;
            _writer.WriteEndOfStream();
        }
    }

    public void Dispose() => Finish();
}
