namespace Casparian.Worker.Parsers.Jsonl;

/// <summary>Reads a stream line by line (LF or CRLF) as slices of a bounded window; lines are valid until the next <see cref="Read"/>.</summary>
internal sealed class JsonlLineReader : IDisposable
{
    private readonly InputWindow _window;
    private int _consumed;
    private int _length;

    public JsonlLineReader(Stream stream, string path, int maxRecordBytes)
    {
        _window = new InputWindow(stream, path, maxRecordBytes);
        _window.SkipByteOrderMark();
    }

    /// <summary>The 1-based line number of <see cref="Line"/>.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The current line without its line end.</summary>
    public ReadOnlySpan<byte> Line => _window.Unread[.._length];

    public bool Read()
    {
        _window.Advance(_consumed);
        _consumed = 0;
        _length = 0;
        while (true)
        {
            var unread = _window.Unread;
            var newline = unread.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _consumed = newline + 1;
                _length = newline > 0 && unread[newline - 1] == '\r' ? newline - 1 : newline;
                LineNumber++;
                return true;
            }
            if (_window.Refill(LineNumber + 1))
            {
                continue;
            }
            unread = _window.Unread;
            if (unread.IsEmpty)
            {
                return false;
            }
            // The last line has no line end.
            _consumed = unread.Length;
            _length = unread[^1] == '\r' ? unread.Length - 1 : unread.Length;
            LineNumber++;
            return true;
        }
    }

    public void Dispose() => _window.Dispose();
}
