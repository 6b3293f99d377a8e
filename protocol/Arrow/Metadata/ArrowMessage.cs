namespace Casparian.Protocol.Arrow.Metadata;

/// <summary>The kinds of message in an IPC stream (the <c>MessageHeader</c> union of Message.fbs).</summary>
public enum ArrowMessageKind : byte
{
    Schema = 1,
    DictionaryBatch = 2,
    RecordBatch = 3,
}

/// <summary>Compression applied to each buffer of a message body (Message.fbs <c>CompressionType</c>).</summary>
public enum ArrowCompression : sbyte
{
    None = -1,
    Lz4Frame = 0,
    Zstd = 1,
}

/// <summary>Length and null count of one array in a record batch (Message.fbs <c>FieldNode</c>).</summary>
public readonly record struct ArrowFieldNode(long Length, long NullCount);

/// <summary>Where one buffer lies in the message body (Schema.fbs <c>Buffer</c>).</summary>
public readonly record struct ArrowBufferSpec(long Offset, long Length);

/// <summary>The metadata of a record batch: row count, one node per array, one spec per buffer.</summary>
public sealed record RecordBatchHeader(long Length, ArrowFieldNode[] Nodes, ArrowBufferSpec[] Buffers, ArrowCompression Compression);

/// <summary>The metadata of a dictionary batch: which dictionary, its data, and whether it appends to the current one.</summary>
public sealed record DictionaryBatchHeader(long Id, RecordBatchHeader Data, bool IsDelta);

/// <summary>One decoded IPC message header; exactly one of the payload properties is set, as <see cref="Kind"/> says.</summary>
public sealed record ArrowMessage(ArrowMessageKind Kind, long BodyLength)
{
    public ArrowSchema? Schema { get; init; }

    public RecordBatchHeader? RecordBatch { get; init; }

    public DictionaryBatchHeader? DictionaryBatch { get; init; }
}
