using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Ipc;

/// <summary>
/// What the stream and file readers share: the schema, the current dictionary of each id (with deltas applied), and the
/// turning of record batch messages into <see cref="RecordBatch"/>es.
/// </summary>
internal sealed class IpcReaderCore : IDisposable
{
    private readonly ArrowReadOptions _options;
    private readonly Dictionary<long, ArrowArray> _dictionaries = [];
    private readonly IReadOnlyDictionary<long, ArrowField> _dictionaryFields;
    // Dictionaries outlive the batches that refer to them, so their memory belongs to the reader.
    private readonly PooledMemory _dictionaryMemory = new();

    public IpcReaderCore(ArrowSchema schema, ArrowReadOptions options)
    {
        Schema = schema;
        _options = options;
        _dictionaryFields = schema.DictionaryFields();
    }

    public ArrowSchema Schema { get; }

    /// <summary>The current dictionaries by id.</summary>
    public IReadOnlyDictionary<long, ArrowArray> Dictionaries => _dictionaries;

    public static ArrowSchema ExpectSchema(ArrowMessage? message)
    {
        if (message is null)
        {
            throw new ArrowFormatException("stream is empty: it ends before its schema message");
        }
        if (message.Kind != ArrowMessageKind.Schema || message.Schema is null)
        {
            throw new ArrowFormatException($"stream starts with a {message.Kind} message; the first message must be the schema");
        }
        return message.Schema;
    }

    public void ApplyDictionary(DictionaryBatchHeader header, ReadOnlyMemory<byte> body, PooledMemory bodyOwner)
    {
        _dictionaryMemory.Adopt(bodyOwner);
        if (!_dictionaryFields.TryGetValue(header.Id, out var field))
        {
            throw new ArrowFormatException($"dictionary batch has id {header.Id}, which no field of the schema uses");
        }
        var valueField = field with { Dictionary = null };
        var columns = BatchLoader.Load([valueField], header.Data, body, _options, _dictionaries, _dictionaryMemory);
        var values = columns[0];
        if (header.IsDelta && _dictionaries.TryGetValue(header.Id, out var existing))
        {
            values = ArrowArrayConcat.Concat(existing, values);
        }
        _dictionaries[header.Id] = values;
    }

    public RecordBatch LoadBatch(RecordBatchHeader header, ReadOnlyMemory<byte> body, PooledMemory bodyOwner)
    {
        var owner = new PooledMemory();
        owner.Adopt(bodyOwner);
        try
        {
            var columns = BatchLoader.Load(Schema.Fields, header, body, _options, _dictionaries, owner);
            return new RecordBatch(Schema, (int)header.Length, columns, owner.IsEmpty ? null : owner);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    public void Dispose() => _dictionaryMemory.Dispose();
}
