using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Arrays.Builders;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Worker.Contracts;

/// <summary>
/// Checks rows against an <see cref="OutputContract"/> and splits them: a row whose every value conforms is appended
/// to the good batch, any other row goes whole to the quarantine batch with the first reason, column and raw value
/// found. Nothing is dropped. Rows are staged value by value (<see cref="SetValue"/>, <see cref="SetNull"/>) and
/// decided at <see cref="EndRow"/>, so a bad value late in a row never leaves a half-appended row behind.
/// Full batches are handed to the callbacks, which must consume them before returning (the batches are views over
/// pooled memory that is reused for the next batch).
/// </summary>
public sealed class ContractBatchBuilder : IDisposable
{
    /// <summary>Text bytes after which a batch is flushed even if it has fewer rows than asked.</summary>
    public const long MaxBatchTextBytes = 64L * 1024 * 1024;

    private readonly OutputContract _contract;
    private readonly ArrowSchema _schema;
    private readonly int _batchRows;
    private readonly Action<RecordBatch> _onGood;
    private readonly Action<RecordBatch> _onQuarantine;
    private readonly ColumnBuilder[] _builders;
    private readonly QuarantineBatchBuilder _quarantine = new();

    // The staged row: parsed scalars, or a slice of _rowText for utf8 values.
    private readonly long[] _values;
    private readonly int[] _textStart;
    private readonly int[] _textLength;
    private readonly byte[] _state;
    private readonly PooledByteBuffer _rowText = new(4096);
    private readonly PooledByteBuffer _failedValue = new(256);
    private string? _failReason;
    private string? _failColumn;
    private bool _failHasValue;
    private long _goodTextBytes;

    private const byte Unset = 0;
    private const byte Null = 1;
    private const byte Value = 2;

    public ContractBatchBuilder(OutputContract contract, int batchRows, Action<RecordBatch> onGood, Action<RecordBatch> onQuarantine)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchRows, 1 << 20);
        _contract = contract;
        _schema = contract.ToArrowSchema();
        _batchRows = batchRows;
        _onGood = onGood;
        _onQuarantine = onQuarantine;
        var count = contract.Columns.Count;
        _values = new long[count];
        _textStart = new int[count];
        _textLength = new int[count];
        _state = new byte[count];
        var initial = Math.Min(batchRows, 8192);
        _builders = contract.Columns.Select(c => CreateBuilder(c.Type, initial)).ToArray();
    }

    public OutputContract Contract => _contract;

    /// <summary>Rows that conformed so far (including those still in the batch being built).</summary>
    public long GoodRows { get; private set; }

    /// <summary>Rows quarantined so far.</summary>
    public long QuarantinedRows { get; private set; }

    /// <summary>Starts a row: every column is unset (a column never set is null).</summary>
    public void BeginRow()
    {
        Array.Clear(_state);
        _rowText.Reset();
        _failReason = null;
    }

    /// <summary>Stages a value; the first one that does not conform decides the row's quarantine reason.</summary>
    public void SetValue(int column, ValueKind kind, ReadOnlySpan<byte> text)
    {
        if (_failReason is not null)
        {
            return;
        }
        var type = _contract.Columns[column].Type;
        var ok = type switch
        {
            ColumnType.Int64 => kind is ValueKind.Text or ValueKind.Number && ValueParsers.TryParseInt64(text, out _values[column]),
            ColumnType.Float64 => kind is ValueKind.Text or ValueKind.Number && TryDouble(text, out _values[column]),
            ColumnType.Bool => kind is ValueKind.Text or ValueKind.Bool && TryBool(text, out _values[column]),
            ColumnType.Timestamp => kind is ValueKind.Text or ValueKind.String && IsoTimestamp.TryParseMicros(text, out _values[column]),
            _ => ValueParsers.IsValidUtf8(text) && StageText(column, text),
        };
        if (ok)
        {
            _state[column] = Value;
        }
        else
        {
            Fail(type.MismatchReason(), column, text, hasValue: true);
        }
    }

    /// <summary>Stages an explicit null (an empty CSV field, a JSON <c>null</c>).</summary>
    public void SetNull(int column)
    {
        if (_failReason is null && !_contract.Columns[column].Nullable)
        {
            Fail(QuarantineReasons.NullNotNullable, column, [], hasValue: false);
        }
        _state[column] = Null;
    }

    /// <summary>Decides the staged row: appended to the good batch, or quarantined with its raw line.</summary>
    public void EndRow(long rowNumber, ReadOnlySpan<byte> rawLine)
    {
        if (_failReason is null)
        {
            for (var c = 0; c < _state.Length; c++)
            {
                if (_state[c] == Unset && !_contract.Columns[c].Nullable)
                {
                    Fail(QuarantineReasons.NullNotNullable, c, [], hasValue: false);
                    break;
                }
            }
        }
        if (_failReason is not null)
        {
            AppendQuarantine(rowNumber, _failReason, _failColumn, _failedValue.Memory.Span, _failHasValue, rawLine);
            return;
        }
        for (var c = 0; c < _builders.Length; c++)
        {
            AppendStaged(c);
        }
        GoodRows++;
        if (_builders[0].Length >= _batchRows || _goodTextBytes >= MaxBatchTextBytes)
        {
            FlushGood();
        }
    }

    /// <summary>Quarantines a row that could not be split into values (malformed, wrong number of fields).</summary>
    public void QuarantineRow(long rowNumber, string reason, ReadOnlySpan<byte> rawLine) =>
        AppendQuarantine(rowNumber, reason, null, [], false, rawLine);

    /// <summary>Hands over the partial batches; call once the input is exhausted.</summary>
    public void Flush()
    {
        if (_builders[0].Length > 0)
        {
            FlushGood();
        }
        if (_quarantine.Length > 0)
        {
            FlushQuarantine();
        }
    }

    public void Dispose()
    {
        foreach (var builder in _builders)
        {
            builder.Dispose();
        }
        _quarantine.Dispose();
        _rowText.Dispose();
        _failedValue.Dispose();
    }

    private void AppendQuarantine(long rowNumber, string reason, string? column, ReadOnlySpan<byte> value, bool hasValue, ReadOnlySpan<byte> rawLine)
    {
        _quarantine.Append(rowNumber, reason, column, value, hasValue, rawLine);
        QuarantinedRows++;
        if (_quarantine.Length >= _batchRows || _quarantine.TextBytes >= MaxBatchTextBytes)
        {
            FlushQuarantine();
        }
    }

    private void Fail(string reason, int column, ReadOnlySpan<byte> value, bool hasValue)
    {
        _failReason = reason;
        _failColumn = _contract.Columns[column].Name;
        _failHasValue = hasValue;
        _failedValue.Reset();
        _failedValue.Append(value);
    }

    private bool StageText(int column, ReadOnlySpan<byte> text)
    {
        _textStart[column] = _rowText.Length;
        _textLength[column] = text.Length;
        _rowText.Append(text);
        return true;
    }

    private void AppendStaged(int column)
    {
        var builder = _builders[column];
        var isNull = _state[column] != Value;
        switch (builder)
        {
            case PrimitiveColumnBuilder<long> longs when isNull:
                longs.AppendNull();
                break;
            case PrimitiveColumnBuilder<long> longs:
                longs.Append(_values[column]);
                break;
            case PrimitiveColumnBuilder<double> doubles when isNull:
                doubles.AppendNull();
                break;
            case PrimitiveColumnBuilder<double> doubles:
                doubles.Append(BitConverter.Int64BitsToDouble(_values[column]));
                break;
            case BooleanColumnBuilder bools when isNull:
                bools.AppendNull();
                break;
            case BooleanColumnBuilder bools:
                bools.Append(_values[column] != 0);
                break;
            case BinaryColumnBuilder text when isNull:
                text.AppendNull();
                break;
            case BinaryColumnBuilder text:
                text.Append(_rowText.Memory.Span.Slice(_textStart[column], _textLength[column]));
                _goodTextBytes += _textLength[column];
                break;
            default:
                throw new InvalidOperationException($"no appender for column builder {builder.GetType().Name}");
        }
    }

    private void FlushGood()
    {
        var columns = new ArrowArray[_builders.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = _builders[c].Build();
        }
        _onGood(new RecordBatch(_schema, columns[0].Length, columns));
        foreach (var builder in _builders)
        {
            builder.Reset();
        }
        _goodTextBytes = 0;
    }

    private void FlushQuarantine()
    {
        _onQuarantine(_quarantine.Build());
        _quarantine.Reset();
    }

    private static bool TryDouble(ReadOnlySpan<byte> text, out long bits)
    {
        var ok = ValueParsers.TryParseFloat64(text, out var value);
        bits = BitConverter.DoubleToInt64Bits(value);
        return ok;
    }

    private static bool TryBool(ReadOnlySpan<byte> text, out long value)
    {
        var ok = ValueParsers.TryParseBool(text, out var b);
        value = b ? 1 : 0;
        return ok;
    }

    private static ColumnBuilder CreateBuilder(ColumnType type, int capacity) => type switch
    {
        ColumnType.Int64 => new PrimitiveColumnBuilder<long>(ArrowType.Int64, capacity),
        ColumnType.Float64 => new PrimitiveColumnBuilder<double>(ArrowType.Float64, capacity),
        ColumnType.Bool => new BooleanColumnBuilder(),
        ColumnType.Timestamp => new PrimitiveColumnBuilder<long>(type.ToArrow(), capacity),
        _ => new BinaryColumnBuilder(ArrowType.Utf8, capacity, capacity * 16),
    };
}
