using System.Buffers.Binary;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Ipc;

/// <summary>
/// Reads encapsulated IPC messages: an optional 0xFFFFFFFF continuation marker, a 32-bit metadata length, the Message
/// FlatBuffer, then the body. A zero length (or a clean end of input between messages) ends the stream.
/// </summary>
internal abstract class MessageSource
{
    protected const uint Continuation = 0xFFFFFFFF;

    /// <summary>Reads the next message, or returns null at end of stream. The body's memory is valid until the owner is disposed.</summary>
    public abstract ArrowMessage? ReadNext(out ReadOnlyMemory<byte> body, PooledMemory owner);

    protected static int MetadataLength(ReadOnlySpan<byte> prefix, out int prefixLength, out bool hasSecondWord)
    {
        var first = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (first == Continuation)
        {
            prefixLength = 8;
            hasSecondWord = true;
            return 0;
        }
        prefixLength = 4;
        hasSecondWord = false;
        return (int)first;
    }

    protected static void CheckMetadataLength(long length, long available, ArrowReadOptions options, long at)
    {
        if (length < 0 || length > options.MaxMetadataLength)
        {
            throw new ArrowFormatException($"message at byte {at} declares {length} bytes of metadata (the limit is {options.MaxMetadataLength})");
        }
        if (length > available)
        {
            throw new ArrowFormatException($"message at byte {at} declares {length} bytes of metadata but only {available} remain: the stream is truncated");
        }
    }
}

/// <summary>Messages from memory that holds the whole stream; bodies are slices of it (zero copy).</summary>
internal sealed class MemoryMessageSource(ReadOnlyMemory<byte> data, ArrowReadOptions options) : MessageSource
{
    private int _position;

    public int Position { get => _position; set => _position = value; }

    public override ArrowMessage? ReadNext(out ReadOnlyMemory<byte> body, PooledMemory owner)
    {
        body = default;
        var span = data.Span;
        if (_position == data.Length)
        {
            return null;
        }
        if (data.Length - _position < 4)
        {
            throw new ArrowFormatException($"stream ends inside a message prefix at byte {_position}");
        }
        var start = _position;
        long length = MetadataLength(span[_position..], out var prefix, out var second);
        if (second)
        {
            if (data.Length - _position < 8)
            {
                throw new ArrowFormatException($"stream ends inside a message prefix at byte {_position}");
            }
            length = BinaryPrimitives.ReadInt32LittleEndian(span[(_position + 4)..]);
        }
        _position += prefix;
        if (length == 0)
        {
            return null;
        }
        CheckMetadataLength(length, data.Length - _position, options, start);
        var message = MessageCodec.Decode(data.Slice(_position, (int)length));
        _position += (int)length;
        if (message.BodyLength > data.Length - _position)
        {
            throw new ArrowFormatException($"message at byte {start} declares a {message.BodyLength}-byte body but only {data.Length - _position} bytes remain: the stream is truncated");
        }
        body = data.Slice(_position, (int)message.BodyLength);
        _position += (int)message.BodyLength;
        return message;
    }
}

/// <summary>
/// Messages from a <see cref="Stream"/> (a plugin's stdout). Bodies are read into pooled arrays owned by the batch
/// that uses them; metadata and bodies grow as bytes arrive, so a corrupt length on a short stream allocates about
/// what was sent, not what was claimed.
/// </summary>
internal sealed class StreamMessageSource(Stream stream, ArrowReadOptions options) : MessageSource
{
    private const int InitialChunk = 1 << 20;
    private long _position;

    public override ArrowMessage? ReadNext(out ReadOnlyMemory<byte> body, PooledMemory owner)
    {
        body = default;
        Span<byte> prefix = stackalloc byte[8];
        var start = _position;
        var got = ReadFully(prefix[..4]);
        if (got == 0)
        {
            return null;
        }
        if (got < 4)
        {
            throw new ArrowFormatException($"stream ends inside a message prefix at byte {start}");
        }
        long length = MetadataLength(prefix, out _, out var second);
        if (second)
        {
            if (ReadFully(prefix[4..8]) < 4)
            {
                throw new ArrowFormatException($"stream ends inside a message prefix at byte {start}");
            }
            length = BinaryPrimitives.ReadInt32LittleEndian(prefix[4..]);
        }
        if (length == 0)
        {
            return null;
        }
        CheckMetadataLength(length, long.MaxValue, options, start);
        ArrowMessage message;
        using (var metadataOwner = new PooledMemory())
        {
            message = MessageCodec.Decode(ReadBody((int)length, metadataOwner, start, "metadata"));
        }
        if (message.BodyLength > options.MaxBodyLength)
        {
            throw new ArrowFormatException($"message at byte {start} declares a {message.BodyLength}-byte body (the limit is {options.MaxBodyLength})");
        }
        body = ReadBody((int)message.BodyLength, owner, start, "body");
        return message;
    }

    // Reads exactly length bytes into pooled memory that grows as bytes arrive.
    private ReadOnlyMemory<byte> ReadBody(int length, PooledMemory owner, long start, string what)
    {
        if (length == 0)
        {
            return default;
        }
        var scratch = new PooledMemory();
        try
        {
            var buffer = scratch.Rent(Math.Min(length, InitialChunk));
            var filled = 0;
            while (filled < length)
            {
                if (filled == buffer.Length)
                {
                    var bigger = scratch.Rent((int)Math.Min(length, buffer.Length * 2L));
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    buffer = bigger;
                }
                var n = stream.Read(buffer, filled, Math.Min(buffer.Length, length) - filled);
                if (n == 0)
                {
                    throw new ArrowFormatException($"stream ends after {filled} of the {length} {what} bytes of the message at byte {start}: the stream is truncated");
                }
                filled += n;
                _position += n;
            }
            owner.Adopt(scratch);
            return buffer.AsMemory(0, length);
        }
        finally
        {
            scratch.Dispose();
        }
    }

    private int ReadFully(Span<byte> target)
    {
        var total = 0;
        while (total < target.Length)
        {
            var n = stream.Read(target[total..]);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        _position += total;
        return total;
    }
}
