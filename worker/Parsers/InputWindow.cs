using System.Buffers;

namespace Casparian.Worker.Parsers;

/// <summary>
/// A sliding window over an input stream for record parsers: the unread bytes are <see cref="Unread"/>; when a
/// record does not fit, <see cref="Refill"/> moves the unread bytes to the front, grows the window up to the record
/// limit if needed, and reads more. Memory stays bounded by the largest record, never the file.
/// </summary>
internal sealed class InputWindow : IDisposable
{
    private const int InitialLength = 1 << 20;
    private readonly Stream _stream;
    private readonly string _path;
    private readonly int _maxRecordBytes;
    private byte[] _buffer;
    private int _end;

    public InputWindow(Stream stream, string path, int maxRecordBytes)
    {
        _stream = stream;
        _path = path;
        _maxRecordBytes = maxRecordBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialLength, maxRecordBytes + 2));
    }

    /// <summary>Where the unread bytes start in <see cref="Buffer"/>.</summary>
    public int Start { get; private set; }

    /// <summary>Whether the stream has no more bytes beyond <see cref="Unread"/>.</summary>
    public bool AtEnd { get; private set; }

    public ReadOnlySpan<byte> Unread => _buffer.AsSpan(Start, _end - Start);

    /// <summary>Marks <paramref name="count"/> unread bytes as consumed.</summary>
    public void Advance(int count) => Start += count;

    /// <summary>
    /// Makes more bytes available after the unread ones; false when the stream is exhausted. Throws
    /// <see cref="InputRecordTooLargeException"/> when the record at <see cref="Start"/> outgrows the limit.
    /// </summary>
    public bool Refill(long recordLine)
    {
        if (AtEnd)
        {
            return false;
        }
        var unread = _end - Start;
        if (unread >= _maxRecordBytes + 2)
        {
            throw new InputRecordTooLargeException(_path, recordLine, _maxRecordBytes);
        }
        if (Start > 0)
        {
            _buffer.AsSpan(Start, unread).CopyTo(_buffer);
            Start = 0;
            _end = unread;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_maxRecordBytes + 2L, _buffer.Length * 2L));
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            AtEnd = true;
            return false;
        }
        _end += read;
        return true;
    }

    /// <summary>Skips a UTF-8 byte order mark at the very start of the input.</summary>
    public void SkipByteOrderMark()
    {
        while (_end - Start < 3 && Refill(1))
        {
        }
        if (Unread.StartsWith("\uFEFF"u8))
        {
            Advance(3);
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
