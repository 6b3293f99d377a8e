using System.Buffers.Binary;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Ipc;

/// <summary>
/// What the stream and file writers share: message framing (continuation marker, padded metadata length, body) and
/// the dictionaries already sent, so each dictionary is written once before the first batch that needs it and again
/// only when a batch brings a different one.
/// </summary>
internal sealed class MessageWriter
{
    private readonly Stream _stream;
    private readonly ArrowWriteOptions _options;
    private readonly Dictionary<long, ArrowArray> _sentDictionaries = [];

    public MessageWriter(Stream stream, ArrowSchema schema, ArrowWriteOptions options)
    {
        _stream = stream;
        Schema = schema;
        _options = options;
    }

    public ArrowSchema Schema { get; }

    public long Position { get; private set; }

    /// <summary>Where each message was written: offset, metadata length with prefix, body length (the file footer's blocks).</summary>
    public readonly record struct Block(long Offset, int MetadataLength, long BodyLength);

    public Block WriteSchema() => Frame(MessageCodec.EncodeSchema(Schema), null);

    /// <summary>Writes the dictionaries the batch needs that were not sent yet, then the batch.</summary>
    public (List<Block> Dictionaries, Block Batch) WriteBatch(RecordBatch batch)
    {
        if (batch.Columns.Count != Schema.Fields.Count)
        {
            throw new ArgumentException($"batch has {batch.Columns.Count} columns but the schema has {Schema.Fields.Count}", nameof(batch));
        }
        for (var i = 0; i < Schema.Fields.Count; i++)
        {
            var field = Schema.Fields[i];
            var expected = field.Dictionary?.IndexType ?? field.Type;
            if (batch.Columns[i].Type != expected || batch.Columns[i].Length != batch.Length)
            {
                throw new ArgumentException($"column '{field.Name}' is {batch.Columns[i].Type} with {batch.Columns[i].Length} rows; the schema and batch need {expected} with {batch.Length}", nameof(batch));
            }
        }
        var dictionaries = new List<Block>();
        for (var i = 0; i < Schema.Fields.Count; i++)
        {
            WriteDictionaries(Schema.Fields[i], batch.Columns[i], dictionaries);
        }
        using var body = new BodyWriter(_options.Codec);
        for (var i = 0; i < Schema.Fields.Count; i++)
        {
            body.AddColumn(Schema.Fields[i], batch.Columns[i]);
        }
        var metadata = MessageCodec.EncodeRecordBatch(body.Header(batch.Length), body.Length);
        return (dictionaries, Frame(metadata, body));
    }

    /// <summary>
    /// Appends <paramref name="delta"/> to dictionary <paramref name="id"/> (a delta dictionary batch); later batches
    /// must refer to <paramref name="combined"/>, the dictionary with the delta appended.
    /// </summary>
    public Block WriteDictionaryDelta(long id, ArrowArray delta, ArrowArray combined)
    {
        if (!_sentDictionaries.ContainsKey(id))
        {
            throw new InvalidOperationException($"dictionary {id} has not been written yet; write a batch that uses it before appending a delta");
        }
        if (combined.Length != _sentDictionaries[id].Length + delta.Length)
        {
            throw new ArgumentException($"the combined dictionary has {combined.Length} entries; it must have the {_sentDictionaries[id].Length} already sent plus the {delta.Length} of the delta", nameof(combined));
        }
        var field = Schema.DictionaryFields()[id];
        using var body = new BodyWriter(_options.Codec);
        body.AddColumn(field with { Dictionary = null }, delta);
        var header = new DictionaryBatchHeader(id, body.Header(delta.Length), IsDelta: true);
        var block = Frame(MessageCodec.EncodeDictionaryBatch(header, body.Length), body);
        _sentDictionaries[id] = combined;
        return block;
    }

    private void WriteDictionaries(ArrowField field, ArrowArray array, List<Block> blocks)
    {
        if (field.Dictionary is { } encoding)
        {
            var values = array.Dictionary ?? throw new ArgumentException($"column '{field.Name}' is dictionary-encoded but has no dictionary");
            if (!_sentDictionaries.TryGetValue(encoding.Id, out var sent) || !ReferenceEquals(sent, values))
            {
                using var body = new BodyWriter(_options.Codec);
                body.AddColumn(field with { Dictionary = null }, values);
                var header = new DictionaryBatchHeader(encoding.Id, body.Header(values.Length), IsDelta: false);
                blocks.Add(Frame(MessageCodec.EncodeDictionaryBatch(header, body.Length), body));
                _sentDictionaries[encoding.Id] = values;
            }
            return;
        }
        for (var i = 0; i < field.Children.Count; i++)
        {
            WriteDictionaries(field.Children[i], array.Children[i], blocks);
        }
    }

    private Block Frame(byte[] metadata, BodyWriter? body)
    {
        var start = Position;
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, 0xFFFFFFFF);
        BinaryPrimitives.WriteInt32LittleEndian(prefix[4..], metadata.Length);
        _stream.Write(prefix);
        _stream.Write(metadata);
        body?.WriteTo(_stream);
        var bodyLength = body?.Length ?? 0;
        Position += 8 + metadata.Length + bodyLength;
        return new Block(start, 8 + metadata.Length, bodyLength);
    }

    public void WriteEndOfStream()
    {
        Span<byte> eos = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(eos, 0xFFFFFFFF);
        _stream.Write(eos);
        Position += 8;
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        Position += bytes.Length;
    }
}
