using System.Text;
using System.Text.Unicode;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Arrays.Builders;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Worker.Contracts;

/// <summary>
/// Builds batches of <c>&lt;table&gt;__quarantine</c>: one row per rejected source row with the row number (the
/// 1-based line of the source where the row starts), the reason code, the offending column and raw value (null when
/// the whole row is bad) and the raw line. Text that is not valid UTF-8 is stored with U+FFFD replacements, because
/// the columns are utf8; the reason then says which value was broken.
/// </summary>
public sealed class QuarantineBatchBuilder : IDisposable
{
    /// <summary>The schema every quarantine table shares.</summary>
    public static ArrowSchema Schema { get; } = new(
    [
        new ArrowField("row_number", ArrowType.Int64, false),
        new ArrowField("reason", ArrowType.Utf8, false),
        new ArrowField("column", ArrowType.Utf8, true),
        new ArrowField("raw_value", ArrowType.Utf8, true),
        new ArrowField("raw_line", ArrowType.Utf8, false),
    ]);

    private readonly PrimitiveColumnBuilder<long> _rowNumber = new(ArrowType.Int64, 64);
    private readonly BinaryColumnBuilder _reason = new(ArrowType.Utf8, 64, 1024);
    private readonly BinaryColumnBuilder _column = new(ArrowType.Utf8, 64, 1024);
    private readonly BinaryColumnBuilder _rawValue = new(ArrowType.Utf8, 64, 1024);
    private readonly BinaryColumnBuilder _rawLine = new(ArrowType.Utf8, 64, 8192);

    /// <summary>Rows in the batch being built.</summary>
    public int Length => _rowNumber.Length;

    /// <summary>Bytes of raw lines in the batch being built, to flush before a batch grows too large.</summary>
    public long TextBytes { get; private set; }

    public void Append(long rowNumber, string reason, string? column, ReadOnlySpan<byte> rawValue, bool hasRawValue, ReadOnlySpan<byte> rawLine)
    {
        _rowNumber.Append(rowNumber);
        _reason.Append(reason.AsSpan());
        if (column is null)
        {
            _column.AppendNull();
        }
        else
        {
            _column.Append(column.AsSpan());
        }
        if (hasRawValue)
        {
            AppendText(_rawValue, rawValue);
        }
        else
        {
            _rawValue.AppendNull();
        }
        AppendText(_rawLine, rawLine);
        TextBytes += rawLine.Length + rawValue.Length;
    }

    /// <summary>The rows so far as a batch over this builder's memory, valid until <see cref="Reset"/>.</summary>
    public RecordBatch Build() => new(Schema, Length, [_rowNumber.Build(), _reason.Build(), _column.Build(), _rawValue.Build(), _rawLine.Build()]);

    public void Reset()
    {
        _rowNumber.Reset();
        _reason.Reset();
        _column.Reset();
        _rawValue.Reset();
        _rawLine.Reset();
        TextBytes = 0;
    }

    public void Dispose()
    {
        _rowNumber.Dispose();
        _reason.Dispose();
        _column.Dispose();
        _rawValue.Dispose();
        _rawLine.Dispose();
    }

    private static void AppendText(BinaryColumnBuilder builder, ReadOnlySpan<byte> text)
    {
        if (Utf8.IsValid(text))
        {
            builder.Append(text);
        }
        else
        {
            builder.Append(Encoding.UTF8.GetString(text).AsSpan());
        }
    }
}
