using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Ipc;

/// <summary>
/// Reads the Arrow IPC stream format: a schema message, then dictionary and record batch messages, then an optional
/// end-of-stream marker. From memory, column buffers are slices of that memory; from a <see cref="Stream"/>, each
/// batch owns the pooled body it was read into and returns it when disposed.
/// </summary>
public sealed class ArrowStreamReader : IDisposable
{
    private readonly MessageSource _source;
    private readonly IpcReaderCore _core;
    private bool _ended;

    /// <summary>Reads a whole stream held in memory (zero copy: keep <paramref name="data"/> alive while batches are used).</summary>
    public ArrowStreamReader(ReadOnlyMemory<byte> data, ArrowReadOptions? options = null)
        : this(new MemoryMessageSource(data, options ?? new ArrowReadOptions()), options ?? new ArrowReadOptions())
    {
    }

    /// <summary>Reads a stream as it arrives (e.g. a plugin's stdout).</summary>
    public ArrowStreamReader(Stream stream, ArrowReadOptions? options = null)
        : this(new StreamMessageSource(stream, options ?? new ArrowReadOptions()), options ?? new ArrowReadOptions())
    {
    }

    private ArrowStreamReader(MessageSource source, ArrowReadOptions options)
    {
        _source = source;
        using var owner = new PooledMemory();
        _core = new IpcReaderCore(IpcReaderCore.ExpectSchema(source.ReadNext(out _, owner)), options);
    }

    public ArrowSchema Schema => _core.Schema;

    /// <summary>The current dictionaries by id, after the messages read so far.</summary>
    public IReadOnlyDictionary<long, ArrowArray> Dictionaries => _core.Dictionaries;

    /// <summary>Reads the next record batch, applying any dictionary batches before it; null at end of stream.</summary>
    public RecordBatch? ReadNext()
    {
        while (!_ended)
        {
            var owner = new PooledMemory();
            try
            {
                var message = _source.ReadNext(out var body, owner);
                switch (message?.Kind)
                {
                    case null:
                        _ended = true;
                        return null;
                    case ArrowMessageKind.DictionaryBatch:
                        _core.ApplyDictionary(message.DictionaryBatch!, body, owner);
                        break;
                    case ArrowMessageKind.RecordBatch:
                        return _core.LoadBatch(message.RecordBatch!, body, owner);
                    default:
                        throw new ArrowFormatException($"stream has a second {message.Kind} message; a stream has exactly one schema");
                }
            }
            finally
            {
                owner.Dispose();
            }
        }
        return null;
    }

    /// <summary>Reads every remaining batch.</summary>
    public IEnumerable<RecordBatch> ReadAll()
    {
        while (ReadNext() is { } batch)
        {
            yield return batch;
        }
    }

    public void Dispose() => _core.Dispose();
}
