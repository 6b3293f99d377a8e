using Casparian.Protocol.Arrow.Arrays.Builders;

namespace Casparian.Worker.Parsers.Csv;

/// <summary>
/// Splits a CSV stream into records per RFC 4180: comma separators, CRLF or LF line ends, fields in double quotes
/// may hold commas, line breaks and doubled quotes. A quote inside an unquoted field, text after a closing quote or
/// an unterminated quote makes the record malformed (reported, not guessed at); the next record starts after the
/// next line end. Blank lines are skipped. Fields are slices of the read window, valid until the next
/// <see cref="Read"/>.
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    private const int MaxFields = 65_536;
    private readonly InputWindow _window;
    private readonly PooledByteBuffer _unescaped = new(256);
    private FieldSlice[] _fields = new FieldSlice[32];
    private int _recordStart;
    private int _recordLength;
    private long _nextLine = 1;
    private int _consumed;

    public CsvRecordReader(Stream stream, string path, int maxRecordBytes)
    {
        _window = new InputWindow(stream, path, maxRecordBytes);
        _window.SkipByteOrderMark();
    }

    /// <summary>The 1-based line of the input where the current record starts.</summary>
    public long LineNumber { get; private set; }

    public int FieldCount { get; private set; }

    /// <summary>Whether the current record breaks the quoting rules; its fields are then not meaningful.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>The current record as it appears in the input, without its line end.</summary>
    public ReadOnlySpan<byte> RawRecord => _window.Unread.Slice(_recordStart, _recordLength);

    /// <summary>Whether field <paramref name="index"/> was quoted (an empty quoted field is an empty string, not null).</summary>
    public bool IsQuoted(int index) => _fields[index].Quoted;

    /// <summary>Field <paramref name="index"/> with quotes removed; valid until the next call of this method or <see cref="Read"/>.</summary>
    public ReadOnlySpan<byte> Field(int index)
    {
        var field = _fields[index];
        var raw = _window.Unread.Slice(_recordStart + field.Start, field.Length);
        if (!field.Escaped)
        {
            return raw;
        }
        _unescaped.Reset();
        while (!raw.IsEmpty)
        {
            var quote = raw.IndexOf((byte)'"');
            if (quote < 0)
            {
                _unescaped.Append(raw);
                break;
            }
            _unescaped.Append(raw[..(quote + 1)]);
            raw = raw[(quote + 2)..];
        }
        return _unescaped.Memory.Span;
    }

    /// <summary>Moves to the next non-blank record; false at the end of the input.</summary>
    public bool Read()
    {
        _window.Advance(_consumed);
        _consumed = 0;
        _recordStart = 0;
        _recordLength = 0;
        while (true)
        {
            var consumed = TryParse(_window.Unread, _window.AtEnd, out var newlines);
            if (consumed < 0)
            {
                // Either more bytes arrive, or the window is now at the end and the next parse finishes the record.
                _window.Refill(_nextLine);
                continue;
            }
            if (consumed == 0)
            {
                return false;
            }
            LineNumber = _nextLine;
            _nextLine += 1 + newlines;
            if (FieldCount == 1 && _recordLength == 0 && !_fields[0].Quoted && !IsMalformed)
            {
                // Blank line.
                _window.Advance(consumed);
                continue;
            }
            _consumed = consumed;
            return true;
        }
    }

    public void Dispose()
    {
        _window.Dispose();
        _unescaped.Dispose();
    }

    /// <summary>Parses one record at the start of <paramref name="span"/>: bytes consumed, or -1 if more input is needed.</summary>
    private int TryParse(ReadOnlySpan<byte> span, bool atEnd, out int newlines)
    {
        newlines = 0;
        FieldCount = 0;
        IsMalformed = false;
        _recordStart = 0;
        if (span.IsEmpty)
        {
            return atEnd ? 0 : -1;
        }
        var p = 0;
        while (true)
        {
            if (p < span.Length && span[p] == '"')
            {
                var q = p + 1;
                var escaped = false;
                while (true)
                {
                    var rel = span[q..].IndexOf((byte)'"');
                    if (rel < 0)
                    {
                        if (!atEnd)
                        {
                            return -1;
                        }
                        // Unterminated quote at the end of the input.
                        newlines += span[p..].Count((byte)'\n');
                        IsMalformed = true;
                        _recordLength = span.Length;
                        return span.Length;
                    }
                    q += rel;
                    if (q + 1 < span.Length && span[q + 1] == '"')
                    {
                        escaped = true;
                        q += 2;
                        continue;
                    }
                    if (q + 1 >= span.Length && !atEnd)
                    {
                        return -1;
                    }
                    break;
                }
                newlines += span[p..q].Count((byte)'\n');
                AddField(p + 1, q - p - 1, quoted: true, escaped);
                p = q + 1;
                if (p >= span.Length)
                {
                    _recordLength = p;
                    return p;
                }
                var next = span[p];
                if (next == ',')
                {
                    p++;
                    continue;
                }
                if (next == '\n')
                {
                    _recordLength = p;
                    return p + 1;
                }
                if (next == '\r' && p + 1 < span.Length && span[p + 1] == '\n')
                {
                    _recordLength = p;
                    return p + 2;
                }
                if (next == '\r' && p + 1 >= span.Length && !atEnd)
                {
                    return -1;
                }
                return SkipMalformedLine(span, p, atEnd);
            }
            var end = span[p..].IndexOfAny((byte)',', (byte)'\n', (byte)'"');
            if (end < 0)
            {
                if (!atEnd)
                {
                    return -1;
                }
                var last = TrimCr(span, p, span.Length);
                AddField(p, last - p, quoted: false, escaped: false);
                _recordLength = last;
                return span.Length;
            }
            end += p;
            switch (span[end])
            {
                case (byte)',':
                    AddField(p, end - p, quoted: false, escaped: false);
                    p = end + 1;
                    continue;
                case (byte)'\n':
                    var fieldEnd = TrimCr(span, p, end);
                    AddField(p, fieldEnd - p, quoted: false, escaped: false);
                    _recordLength = fieldEnd;
                    return end + 1;
                default:
                    return SkipMalformedLine(span, end, atEnd);
            }
        }
    }

    private int SkipMalformedLine(ReadOnlySpan<byte> span, int from, bool atEnd)
    {
        IsMalformed = true;
        var newline = span[from..].IndexOf((byte)'\n');
        if (newline < 0)
        {
            if (!atEnd)
            {
                return -1;
            }
            _recordLength = TrimCr(span, 0, span.Length);
            return span.Length;
        }
        _recordLength = TrimCr(span, 0, from + newline);
        return from + newline + 1;
    }

    private static int TrimCr(ReadOnlySpan<byte> span, int start, int end) => end > start && span[end - 1] == '\r' ? end - 1 : end;

    private void AddField(int start, int length, bool quoted, bool escaped)
    {
        if (FieldCount == _fields.Length)
        {
            if (_fields.Length >= MaxFields)
            {
                IsMalformed = true;
                return;
            }
            Array.Resize(ref _fields, _fields.Length * 2);
        }
        _fields[FieldCount++] = new FieldSlice(start, length, quoted, escaped);
    }

    private readonly record struct FieldSlice(int Start, int Length, bool Quoted, bool Escaped);
}
