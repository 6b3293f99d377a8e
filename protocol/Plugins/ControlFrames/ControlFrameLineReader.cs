using System.Buffers;

namespace Casparian.Protocol.Plugins.ControlFrames;

/// <summary>
/// Splits a plugin's stderr into lines without ever holding more than one bounded line: a line longer than
/// <see cref="ControlFrameParser.MaxLineBytes"/> raises <see cref="ControlFrameException"/> as soon as that many bytes
/// arrived without a newline. A trailing carriage return is dropped; a last line without a newline still counts.
/// </summary>
public sealed class ControlFrameLineReader : IDisposable
{
    private const int ReadChunk = 16 * 1024;
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    public ControlFrameLineReader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        // Room for one maximal line, its newline, and one read beyond it.
        _buffer = ArrayPool<byte>.Shared.Rent(ControlFrameParser.MaxLineBytes + 1 + ReadChunk);
    }

    /// <summary>Bytes read from the stream so far (what the log limit counts).</summary>
    public long BytesRead { get; private set; }

    /// <summary>True once the stream ended (the last line returned may have had no newline).</summary>
    public bool ReachedEnd => _eof;

    /// <summary>
    /// The next line, valid until the next call; null at the end of the stream.
    /// </summary>
    /// <exception cref="ControlFrameException">A line is longer than a control frame may be.</exception>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var searched = _start;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', searched, _end - searched);
            if (newline >= 0)
            {
                return Take(newline, newline + 1);
            }
            searched = _end;
            if (_end - _start > ControlFrameParser.MaxLineBytes)
            {
                throw new ControlFrameException(
                    $"a stderr line is longer than {ControlFrameParser.MaxLineBytes} bytes; control frames are one short JSON object per line (it starts: {ControlFrameParser.Quote(_buffer.AsSpan(_start, 80))})");
            }
            if (_eof)
            {
                // Not a conditional expression: null would convert to an empty ReadOnlyMemory (via byte[]), never ending.
                if (_end > _start)
                {
                    return Take(_end, _end);
                }
                return null;
            }
            if (_buffer.Length - _end < ReadChunk)
            {
                // Move the partial line to the front; the buffer always has room for a maximal line plus a chunk.
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                searched -= _start;
                _end -= _start;
                _start = 0;
            }
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end, ReadChunk), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }
            BytesRead += read;
            _end += read;
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

    private ReadOnlyMemory<byte> Take(int lineEnd, int next)
    {
        var length = lineEnd - _start;
        if (length > 0 && _buffer[lineEnd - 1] == (byte)'\r')
        {
            length--;
        }
        var line = _buffer.AsMemory(_start, length);
        _start = next;
        if (_start == _end)
        {
            _start = _end = 0;
        }
        return line;
    }
}
