using System.Text.Json;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Json;

/// <summary>Names and parameters of types in the Arrow integration JSON format, both ways.</summary>
internal static class IntegrationJsonTypes
{
    private static readonly string[] TimeUnits = ["SECOND", "MILLISECOND", "MICROSECOND", "NANOSECOND"];

    public static ArrowType Parse(JsonElement type)
    {
        var name = type.GetProperty("name").GetString();
        ArrowTimeUnit Unit() => (ArrowTimeUnit)Array.IndexOf(TimeUnits, type.GetProperty("unit").GetString());
        return name switch
        {
            "null" => ArrowType.Null,
            "bool" => ArrowType.Bool,
            "int" => ArrowType.Int(type.GetProperty("bitWidth").GetInt32(), type.GetProperty("isSigned").GetBoolean()),
            "floatingpoint" => type.GetProperty("precision").GetString() switch
            {
                "HALF" => ArrowType.Float16,
                "SINGLE" => ArrowType.Float32,
                "DOUBLE" => ArrowType.Float64,
                var p => throw new FormatException($"unknown floating point precision '{p}'"),
            },
            "utf8" => ArrowType.Utf8,
            "largeutf8" => ArrowType.LargeUtf8,
            "binary" => ArrowType.Binary,
            "largebinary" => ArrowType.LargeBinary,
            "fixedsizebinary" => new ArrowType(ArrowTypeId.FixedSizeBinary) { ByteWidth = type.GetProperty("byteWidth").GetInt32() },
            "decimal" => new ArrowType(ArrowTypeId.Decimal)
            {
                Precision = type.GetProperty("precision").GetInt32(),
                Scale = type.TryGetProperty("scale", out var s) ? s.GetInt32() : 0,
                BitWidth = type.TryGetProperty("bitWidth", out var w) ? w.GetInt32() : 128,
            },
            "date" => new ArrowType(ArrowTypeId.Date) { DateUnit = type.GetProperty("unit").GetString() == "DAY" ? ArrowDateUnit.Day : ArrowDateUnit.Millisecond },
            "time" => new ArrowType(ArrowTypeId.Time) { TimeUnit = Unit(), BitWidth = type.GetProperty("bitWidth").GetInt32() },
            "timestamp" => ArrowType.Timestamp(Unit(), type.TryGetProperty("timezone", out var tz) ? tz.GetString() : null),
            "duration" => new ArrowType(ArrowTypeId.Duration) { TimeUnit = Unit() },
            "interval" => new ArrowType(ArrowTypeId.Interval)
            {
                IntervalUnit = type.GetProperty("unit").GetString() switch
                {
                    "YEAR_MONTH" => ArrowIntervalUnit.YearMonth,
                    "DAY_TIME" => ArrowIntervalUnit.DayTime,
                    _ => ArrowIntervalUnit.MonthDayNano,
                },
            },
            "list" => ArrowType.List,
            "largelist" => ArrowType.LargeList,
            "fixedsizelist" => new ArrowType(ArrowTypeId.FixedSizeList) { ListSize = type.GetProperty("listSize").GetInt32() },
            "struct" or "struct_" => ArrowType.Struct, // "struct_" is how apache-arrow (JavaScript) spells it
            "map" => new ArrowType(ArrowTypeId.Map) { KeysSorted = type.TryGetProperty("keysSorted", out var k) && k.GetBoolean() },
            _ => throw new FormatException($"integration JSON type '{name}' is not supported"),
        };
    }

    public static void Write(Utf8JsonWriter w, ArrowType type)
    {
        w.WriteStartObject();
        switch (type.Id)
        {
            case ArrowTypeId.Int:
                w.WriteString("name", "int");
                w.WriteBoolean("isSigned", type.IsSigned);
                w.WriteNumber("bitWidth", type.BitWidth);
                break;
            case ArrowTypeId.FloatingPoint:
                w.WriteString("name", "floatingpoint");
                w.WriteString("precision", type.FloatPrecision.ToString().ToUpperInvariant());
                break;
            case ArrowTypeId.FixedSizeBinary:
                w.WriteString("name", "fixedsizebinary");
                w.WriteNumber("byteWidth", type.ByteWidth);
                break;
            case ArrowTypeId.Decimal:
                w.WriteString("name", "decimal");
                w.WriteNumber("precision", type.Precision);
                w.WriteNumber("scale", type.Scale);
                w.WriteNumber("bitWidth", type.BitWidth);
                break;
            case ArrowTypeId.Date:
                w.WriteString("name", "date");
                w.WriteString("unit", type.DateUnit == ArrowDateUnit.Day ? "DAY" : "MILLISECOND");
                break;
            case ArrowTypeId.Time:
                w.WriteString("name", "time");
                w.WriteString("unit", TimeUnits[(int)type.TimeUnit]);
                w.WriteNumber("bitWidth", type.BitWidth);
                break;
            case ArrowTypeId.Timestamp:
                w.WriteString("name", "timestamp");
                w.WriteString("unit", TimeUnits[(int)type.TimeUnit]);
                if (type.TimeZone is { } tz)
                {
                    w.WriteString("timezone", tz);
                }
                break;
            case ArrowTypeId.Duration:
                w.WriteString("name", "duration");
                w.WriteString("unit", TimeUnits[(int)type.TimeUnit]);
                break;
            case ArrowTypeId.Interval:
                w.WriteString("name", "interval");
                w.WriteString("unit", type.IntervalUnit switch
                {
                    ArrowIntervalUnit.YearMonth => "YEAR_MONTH",
                    ArrowIntervalUnit.DayTime => "DAY_TIME",
                    _ => "MONTH_DAY_NANO",
                });
                break;
            case ArrowTypeId.FixedSizeList:
                w.WriteString("name", "fixedsizelist");
                w.WriteNumber("listSize", type.ListSize);
                break;
            case ArrowTypeId.Map:
                w.WriteString("name", "map");
                w.WriteBoolean("keysSorted", type.KeysSorted);
                break;
            default:
                w.WriteString("name", type.Id.ToString().ToLowerInvariant());
                break;
        }
        w.WriteEndObject();
    }
}
