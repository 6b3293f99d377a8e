using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Arrays.Builders;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.SinkCrashPeer;

/// <summary>
/// A deterministic batch with one column of every type sinks store (nulls in most columns; strings with commas,
/// quotes, line breaks, non-ASCII and empty values; empty and NULL blobs; extreme unsigned values; dates before 1970),
/// and the rows it holds as .NET values, the oracle sink tests compare read-backs with.
/// </summary>
public sealed class SampleBatch : IDisposable
{
    /// <summary>The sample's schema.</summary>
    public static ArrowSchema Schema { get; } = new([
        new ArrowField("id", ArrowType.Int64, false),
        new ArrowField("i8", ArrowType.Int8, true),
        new ArrowField("i16", ArrowType.Int16, true),
        new ArrowField("i32", ArrowType.Int32, true),
        new ArrowField("u8", ArrowType.UInt8, true),
        new ArrowField("u16", ArrowType.UInt16, true),
        new ArrowField("u32", ArrowType.UInt32, true),
        new ArrowField("u64", ArrowType.UInt64, true),
        new ArrowField("f32", ArrowType.Float32, true),
        new ArrowField("f64", ArrowType.Float64, true),
        new ArrowField("flag", ArrowType.Bool, true),
        new ArrowField("text", ArrowType.Utf8, true),
        new ArrowField("data", ArrowType.Binary, true),
        new ArrowField("day", new ArrowType(ArrowTypeId.Date) { DateUnit = ArrowDateUnit.Day }, true),
        new ArrowField("at", ArrowType.Timestamp(ArrowTimeUnit.Microsecond), true),
        new ArrowField("at_utc", ArrowType.Timestamp(ArrowTimeUnit.Microsecond, "UTC"), true),
    ]);

    private readonly List<ColumnBuilder> builders;

    private SampleBatch(List<ColumnBuilder> builders, RecordBatch batch, List<object?[]> rows)
    {
        this.builders = builders;
        Batch = batch;
        Rows = rows;
    }

    public RecordBatch Batch { get; }

    /// <summary>The rows as .NET values (null for NULL), in <see cref="Schema"/> order.</summary>
    public IReadOnlyList<object?[]> Rows { get; }

    /// <summary>Builds <paramref name="count"/> rows with ids from <paramref name="firstId"/>.</summary>
    public static SampleBatch Create(long firstId, int count)
    {
        var id = new PrimitiveColumnBuilder<long>(ArrowType.Int64, count);
        var i8 = new PrimitiveColumnBuilder<sbyte>(ArrowType.Int8, count);
        var i16 = new PrimitiveColumnBuilder<short>(ArrowType.Int16, count);
        var i32 = new PrimitiveColumnBuilder<int>(ArrowType.Int32, count);
        var u8 = new PrimitiveColumnBuilder<byte>(ArrowType.UInt8, count);
        var u16 = new PrimitiveColumnBuilder<ushort>(ArrowType.UInt16, count);
        var u32 = new PrimitiveColumnBuilder<uint>(ArrowType.UInt32, count);
        var u64 = new PrimitiveColumnBuilder<ulong>(ArrowType.UInt64, count);
        var f32 = new PrimitiveColumnBuilder<float>(ArrowType.Float32, count);
        var f64 = new PrimitiveColumnBuilder<double>(ArrowType.Float64, count);
        var flag = new BooleanColumnBuilder();
        var text = new BinaryColumnBuilder(ArrowType.Utf8, count);
        var data = new BinaryColumnBuilder(ArrowType.Binary, count);
        var day = new PrimitiveColumnBuilder<int>(Schema.Fields[13].Type, count);
        var at = new PrimitiveColumnBuilder<long>(Schema.Fields[14].Type, count);
        var atUtc = new PrimitiveColumnBuilder<long>(Schema.Fields[15].Type, count);
        var rows = new List<object?[]>(count);
        for (var n = 0; n < count; n++)
        {
            var key = firstId + n;
            var i = (int)(key % 1_000_003);
            var row = new object?[16];
            row[0] = key;
            id.Append(key);
            Add(i8, row, 1, (sbyte)(i % 256 - 128), i % 9 == 4);
            Add(i16, row, 2, unchecked((short)(i * 7919)), false);
            Add(i32, row, 3, unchecked(i * -1640531535), i % 6 == 1);
            Add(u8, row, 4, (byte)i, false);
            Add(u16, row, 5, unchecked((ushort)(i * 31)), i % 10 == 7);
            Add(u32, row, 6, uint.MaxValue - (uint)i, false);
            Add(u64, row, 7, ulong.MaxValue - (ulong)i, i % 8 == 2);
            Add(f32, row, 8, (i - 500) / 3f, i % 13 == 0);
            Add(f64, row, 9, (i - 1000) * Math.PI, false);
            if (i % 17 == 16)
            {
                flag.AppendNull();
            }
            else
            {
                flag.Append(i % 3 == 0);
                row[10] = i % 3 == 0;
            }
            string? s = (i % 5) switch
            {
                0 => $"plain {i}",
                1 => $"comma, \"quote\" {i}",
                2 => $"line\r\nbreak é ✓ {i}",
                3 => "",
                _ => null,
            };
            if (s is null)
            {
                text.AppendNull();
            }
            else
            {
                text.Append(s.AsSpan());
                row[11] = s;
            }
            byte[]? bytes = (i % 4) switch { 0 => null, 1 => [], _ => [(byte)i, 0, 0x2c, 0x22, 0x0a, 0xff] };
            if (bytes is null)
            {
                data.AppendNull();
            }
            else
            {
                data.Append(bytes.AsSpan());
                row[12] = bytes;
            }
            var days = i % 40_000 - 10_000;
            Add(day, row, 13, days, i % 7 == 3);
            row[13] = row[13] is null ? null : DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + days);
            var micros = 1_700_000_000_000_000L + i * 1_234_567L;
            Add(at, row, 14, micros, i % 11 == 5);
            row[14] = row[14] is null ? null : DateTime.SpecifyKind(DateTime.UnixEpoch.AddTicks(micros * 10), DateTimeKind.Unspecified);
            var utcMicros = 86_400_000_000L - i * 1_000_001L;
            Add(atUtc, row, 15, utcMicros, i % 12 == 6);
            row[15] = row[15] is null ? null : DateTime.SpecifyKind(DateTime.UnixEpoch.AddTicks(utcMicros * 10), DateTimeKind.Utc);
            rows.Add(row);
        }
        List<ColumnBuilder> all = [id, i8, i16, i32, u8, u16, u32, u64, f32, f64, flag, text, data, day, at, atUtc];
        var batch = new RecordBatch(Schema, count, [.. all.Select(b => b.Build())]);
        return new SampleBatch(all, batch, rows);
    }

    /// <summary>
    /// A value as comparable text, the same whichever engine read it back: integers of any width by value, floats
    /// round-trip, blobs as hex, dates and timestamps by ticks (UTC ones marked Z).
    /// </summary>
    public static string Normalize(object? value) => value switch
    {
        null => "NULL",
        bool b => b ? "true" : "false",
        float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        string s => "s:" + s,
        byte[] bytes => "x:" + Convert.ToHexString(bytes),
        DateOnly d => "d:" + d.DayNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset o => "Z:" + o.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DateTime t when t.Kind == DateTimeKind.Utc => "Z:" + t.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DateTime t => "t:" + t.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        IConvertible c => Convert.ToDecimal(c, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"no normal form for {value.GetType()}", nameof(value)),
    };

    /// <summary>One row as comparable text.</summary>
    public static string NormalizeRow(IEnumerable<object?> row) => string.Join(" | ", row.Select(Normalize));

    public void Dispose()
    {
        Batch.Dispose();
        foreach (var builder in builders)
        {
            builder.Dispose();
        }
    }

    private static void Add<T>(PrimitiveColumnBuilder<T> builder, object?[] row, int column, T value, bool isNull)
        where T : unmanaged
    {
        if (isNull)
        {
            builder.AppendNull();
        }
        else
        {
            builder.Append(value);
            row[column] = value;
        }
    }
}
