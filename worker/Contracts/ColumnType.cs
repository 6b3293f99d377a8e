using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Worker.Contracts;

/// <summary>The column types a builtin parser can declare or infer.</summary>
public enum ColumnType
{
    /// <summary>Signed 64-bit integer.</summary>
    Int64,

    /// <summary>IEEE 754 double.</summary>
    Float64,

    /// <summary><c>true</c> / <c>false</c> (any letter case).</summary>
    Bool,

    /// <summary>ISO 8601 instant, stored as microseconds since the Unix epoch in UTC.</summary>
    Timestamp,

    /// <summary>Valid UTF-8 text.</summary>
    Utf8,
}

/// <summary>How contract column types map to Arrow types and reason codes.</summary>
public static class ColumnTypes
{
    /// <summary>The Arrow type of a contract type; timestamps are <c>timestamp[us, UTC]</c>.</summary>
    public static ArrowType ToArrow(this ColumnType type) => type switch
    {
        ColumnType.Int64 => ArrowType.Int64,
        ColumnType.Float64 => ArrowType.Float64,
        ColumnType.Bool => ArrowType.Bool,
        ColumnType.Timestamp => ArrowType.Timestamp(ArrowTimeUnit.Microsecond, "UTC"),
        ColumnType.Utf8 => ArrowType.Utf8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown column type"),
    };

    /// <summary>The quarantine reason of a value that is not of this type, e.g. <c>type.int64</c>.</summary>
    public static string MismatchReason(this ColumnType type) => type switch
    {
        ColumnType.Int64 => QuarantineReasons.TypeInt64,
        ColumnType.Float64 => QuarantineReasons.TypeFloat64,
        ColumnType.Bool => QuarantineReasons.TypeBool,
        ColumnType.Timestamp => QuarantineReasons.TypeTimestamp,
        _ => QuarantineReasons.TypeUtf8,
    };
}
