using System.Buffers;
using System.Collections;

namespace Casparian.Native.ZeroMq;

/// <summary>
/// A reusable container for one received multipart message. All frames are copied into one buffer rented from
/// <see cref="ArrayPool{T}.Shared"/> and exposed as slices, so steady-state receiving allocates nothing. Frames stay
/// valid until the next receive into this container, <see cref="Clear"/> or <see cref="Dispose"/>.
/// <para>Limits are checked before any buffer grows: a message with more than <see cref="MaxFrames"/> frames or a
/// frame longer than <see cref="MaxFrameLength"/> is drained and rejected with <see cref="ZmqMessageTooLargeException"/>.
/// Set the socket's <see cref="ZmqSocket.MaxMessageSize"/> as well so libzmq drops oversize frames before they are
/// even buffered.</para>
/// <para>Codecs read the frames as a span (<see cref="Frames"/>) or as a list; neither copies.</para>
/// </summary>
public sealed class ZmqMultipartMessage : IReadOnlyList<ReadOnlyMemory<byte>>, IDisposable
{
    /// <summary>Buffers larger than this go back to the pool on <see cref="Clear"/> instead of being kept for reuse.</summary>
    private const int RetainedBufferLength = 1 << 20;

    private byte[] _buffer = [];
    private ReadOnlyMemory<byte>[] _frames;
    private int _used;

    /// <summary>Creates a container accepting up to <paramref name="maxFrames"/> frames of up to <paramref name="maxFrameLength"/> bytes.</summary>
    public ZmqMultipartMessage(int maxFrames = 64, int maxFrameLength = 16 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrames, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFrameLength);
        MaxFrames = maxFrames;
        MaxFrameLength = maxFrameLength;
        _frames = new ReadOnlyMemory<byte>[Math.Min(maxFrames, 8)];
    }

    /// <summary>The most frames a message may have.</summary>
    public int MaxFrames { get; }

    /// <summary>The longest frame accepted, in bytes.</summary>
    public int MaxFrameLength { get; }

    /// <summary>The number of frames received.</summary>
    public int Count { get; private set; }

    /// <summary>Frame <paramref name="index"/> (a slice of the pooled buffer).</summary>
    public ReadOnlyMemory<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return _frames[index];
        }
    }

    /// <summary>
    /// The frames as a span, valid until the next receive into this container: <c>Frames[1..]</c> is the message
    /// after a ROUTER's routing id, ready for a codec that reads a span of frames.
    /// </summary>
    public ReadOnlySpan<ReadOnlyMemory<byte>> Frames => _frames.AsSpan(0, Count);

    /// <summary>Enumerates the frames.</summary>
    public IEnumerator<ReadOnlyMemory<byte>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Forgets the frames, keeping a moderate buffer for the next message.</summary>
    public void Clear()
    {
        _frames.AsSpan(0, Count).Clear();
        Count = 0;
        _used = 0;
        if (_buffer.Length > RetainedBufferLength)
        {
            ReturnBuffer();
        }
    }

    /// <summary>Returns the buffer to the pool; the container may still be reused afterwards.</summary>
    public void Dispose()
    {
        _frames.AsSpan(0, Count).Clear();
        Count = 0;
        _used = 0;
        ReturnBuffer();
    }

    internal bool CanAppend(nuint length) => Count < MaxFrames && length <= (nuint)MaxFrameLength;

    internal void Append(ReadOnlySpan<byte> frame)
    {
        EnsureCapacity(frame.Length);
        frame.CopyTo(_buffer.AsSpan(_used));
        if (Count == _frames.Length)
        {
            Array.Resize(ref _frames, Math.Min(MaxFrames, _frames.Length * 2));
        }
        _frames[Count++] = new ReadOnlyMemory<byte>(_buffer, _used, frame.Length);
        _used += frame.Length;
    }

    private void EnsureCapacity(int extra)
    {
        // Bounded by MaxFrames * MaxFrameLength, which the caller checked frame by frame; long arithmetic avoids overflow.
        var needed = (long)_used + extra;
        if (needed <= _buffer.Length)
        {
            return;
        }
        if (needed > Array.MaxLength)
        {
            throw new ZmqMessageTooLargeException($"A multipart message of more than {Array.MaxLength} bytes cannot be buffered.");
        }
        var grown = ArrayPool<byte>.Shared.Rent((int)Math.Max(needed, Math.Min(Array.MaxLength, Math.Max(256L, _buffer.Length * 2L))));
        _buffer.AsSpan(0, _used).CopyTo(grown);
        ReturnBuffer();
        _buffer = grown;
        // Frames are packed in order from offset 0, so their slices of the new buffer follow from their lengths.
        var offset = 0;
        for (var i = 0; i < Count; i++)
        {
            var length = _frames[i].Length;
            _frames[i] = new ReadOnlyMemory<byte>(_buffer, offset, length);
            offset += length;
        }
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = [];
    }
}
