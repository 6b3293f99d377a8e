using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Worker.Sinks;

/// <summary>
/// Formats Arrow values as RFC 4180 CSV: fields separated by commas, records ended by CRLF, a field quoted when it
/// holds a comma, quote, CR or LF (inner quotes doubled). NULL is an empty unquoted field and the empty string a quoted
/// <c>""</c>, so the two stay apart. Numbers use the invariant culture and round-trip exactly; dates are ISO 8601;
/// timestamps are <c>yyyy-MM-dd HH:mm:ss.ffffff</c> (with <c>+00</c> for time-zone-aware ones, stored as UTC); binary
/// values are written as <c>\xHH</c> escapes, the form DuckDB and PostgreSQL read as BLOB/bytea.
/// </summary>
internal static class CsvFieldWriter
{
    private static readonly DateTime Epoch = DateTime.UnixEpoch;

    /// <summary>Writes the header row.</summary>
    public static void WriteHeader(TextWriter writer, ArrowSchema schema)
    {
        for (var c = 0; c < schema.Fields.Count; c++)
        {
            if (c > 0)
            {
                writer.Write(',');
            }
            WriteText(writer, schema.Fields[c].Name, quoteEmpty: true);
        }
        writer.Write("\r\n");
    }

    /// <summary>Writes every row of <paramref name="batch"/>.</summary>
    public static void WriteRows(TextWriter writer, RecordBatch batch)
    {
        Span<char> scratch = stackalloc char[64];
        for (var row = 0; row < batch.Length; row++)
        {
            for (var c = 0; c < batch.Columns.Count; c++)
            {
                if (c > 0)
                {
                    writer.Write(',');
                }
                var column = batch.Columns[c];
                if (column.IsValid(row))
                {
                    WriteValue(writer, batch.Schema.Fields[c].Type, column, row, scratch);
                }
            }
            writer.Write("\r\n");
        }
    }

    private static void WriteValue(TextWriter writer, ArrowType type, ArrowArray column, int row, Span<char> scratch)
    {
        var invariant = CultureInfo.InvariantCulture;
        int written;
        switch (type.Id)
        {
            case ArrowTypeId.Bool:
                writer.Write(column.Bool(row) ? "true" : "false");
                return;
            case ArrowTypeId.Int when type.BitWidth == 64 && !type.IsSigned:
                ((ulong)column.Int(row)).TryFormat(scratch, out written, default, invariant);
                break;
            case ArrowTypeId.Int:
                column.Int(row).TryFormat(scratch, out written, default, invariant);
                break;
            case ArrowTypeId.FloatingPoint when type.FloatPrecision == ArrowFloatPrecision.Single:
                MemoryMarshal.Cast<byte, float>(column.Values.Span)[row].TryFormat(scratch, out written, "R", invariant);
                break;
            case ArrowTypeId.FloatingPoint:
                MemoryMarshal.Cast<byte, double>(column.Values.Span)[row].TryFormat(scratch, out written, "R", invariant);
                break;
            case ArrowTypeId.Date:
                DateOnly.FromDayNumber(DateOnly.FromDateTime(Epoch).DayNumber + MemoryMarshal.Cast<byte, int>(column.Values.Span)[row])
                    .TryFormat(scratch, out written, "yyyy-MM-dd", invariant);
                break;
            case ArrowTypeId.Timestamp:
                var micros = SinkColumnTypes.ToMicros(MemoryMarshal.Cast<byte, long>(column.Values.Span)[row], type.TimeUnit);
                Epoch.AddTicks(checked(micros * 10)).TryFormat(scratch, out written, "yyyy-MM-dd HH:mm:ss.ffffff", invariant);
                if (type.TimeZone is not null)
                {
                    "+00".CopyTo(scratch[written..]);
                    written += 3;
                }
                break;
            case ArrowTypeId.Utf8 or ArrowTypeId.LargeUtf8:
                WriteUtf8(writer, column.Bytes(row));
                return;
            default:
                WriteHex(writer, column.Bytes(row));
                return;
        }
        writer.Write(scratch[..written]);
    }

    private static void WriteUtf8(TextWriter writer, ReadOnlySpan<byte> utf8)
    {
        var maxChars = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        var rented = ArrayPool<char>.Shared.Rent(maxChars);
        try
        {
            var count = Encoding.UTF8.GetChars(utf8, rented);
            WriteText(writer, rented.AsSpan(0, count), quoteEmpty: true);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static void WriteText(TextWriter writer, ReadOnlySpan<char> text, bool quoteEmpty)
    {
        if (text.Length == 0)
        {
            if (quoteEmpty)
            {
                writer.Write("\"\"");
            }
            return;
        }
        if (text.IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(text);
            return;
        }
        writer.Write('"');
        int quote;
        while ((quote = text.IndexOf('"')) >= 0)
        {
            writer.Write(text[..(quote + 1)]);
            writer.Write('"');
            text = text[(quote + 1)..];
        }
        writer.Write(text);
        writer.Write('"');
    }

    private static void WriteHex(TextWriter writer, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            // An empty blob, told apart from NULL by its quotes.
            writer.Write("\"\"");
            return;
        }
        Span<char> escape = stackalloc char[4] { '\\', 'x', '0', '0' };
        foreach (var b in bytes)
        {
            b.TryFormat(escape[2..], out _, "X2", CultureInfo.InvariantCulture);
            writer.Write(escape);
        }
    }
}
