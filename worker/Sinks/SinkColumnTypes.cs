using Casparian.Native.DuckDb;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Worker.Sinks;

/// <summary>
/// The Arrow column types sinks accept and what each becomes in DuckDB and PostgreSQL. Everything else fails with a
/// message naming the column, so an output never lands with silently changed values.
/// </summary>
internal static class SinkColumnTypes
{
    private const string Supported = "int8..int64, uint8..uint64, float32, float64, bool, utf8, large_utf8, binary, large_binary, date32, timestamp[s|ms|us|ns] (with or without time zone)";

    /// <summary>The DuckDB vector type a column is appended as.</summary>
    public static DuckDbColumnType DuckDb(ArrowField field) => DuckDbColumnType.Of(field.Type.Id switch
    {
        ArrowTypeId.Bool => DuckDbType.Boolean,
        ArrowTypeId.Int => (field.Type.BitWidth, field.Type.IsSigned) switch
        {
            (8, true) => DuckDbType.TinyInt,
            (16, true) => DuckDbType.SmallInt,
            (32, true) => DuckDbType.Integer,
            (64, true) => DuckDbType.BigInt,
            (8, false) => DuckDbType.UTinyInt,
            (16, false) => DuckDbType.USmallInt,
            (32, false) => DuckDbType.UInteger,
            (64, false) => DuckDbType.UBigInt,
            _ => throw Unsupported(field),
        },
        ArrowTypeId.FloatingPoint => field.Type.FloatPrecision switch
        {
            ArrowFloatPrecision.Single => DuckDbType.Float,
            ArrowFloatPrecision.Double => DuckDbType.Double,
            _ => throw Unsupported(field),
        },
        ArrowTypeId.Utf8 or ArrowTypeId.LargeUtf8 => DuckDbType.Varchar,
        ArrowTypeId.Binary or ArrowTypeId.LargeBinary => DuckDbType.Blob,
        ArrowTypeId.Date when field.Type.DateUnit == ArrowDateUnit.Day => DuckDbType.Date,
        // Every unit is stored as microseconds, DuckDB's native TIMESTAMP resolution (nanoseconds are truncated).
        ArrowTypeId.Timestamp => field.Type.TimeZone is null ? DuckDbType.Timestamp : DuckDbType.TimestampTz,
        _ => throw Unsupported(field),
    });

    /// <summary>The DuckDB SQL type of a column, for CREATE TABLE.</summary>
    public static string DuckDbSql(ArrowField field) => DuckDb(field).Id switch
    {
        DuckDbType.Boolean => "BOOLEAN",
        DuckDbType.TinyInt => "TINYINT",
        DuckDbType.SmallInt => "SMALLINT",
        DuckDbType.Integer => "INTEGER",
        DuckDbType.BigInt => "BIGINT",
        DuckDbType.UTinyInt => "UTINYINT",
        DuckDbType.USmallInt => "USMALLINT",
        DuckDbType.UInteger => "UINTEGER",
        DuckDbType.UBigInt => "UBIGINT",
        DuckDbType.Float => "FLOAT",
        DuckDbType.Double => "DOUBLE",
        DuckDbType.Varchar => "VARCHAR",
        DuckDbType.Blob => "BLOB",
        DuckDbType.Date => "DATE",
        DuckDbType.Timestamp => "TIMESTAMP",
        DuckDbType.TimestampTz => "TIMESTAMPTZ",
        _ => throw Unsupported(field),
    };

    /// <summary>
    /// The PostgreSQL type of a column. PostgreSQL has no unsigned or one-byte integers, so each widens to the next
    /// signed type that holds every value (uint64 to numeric(20,0)).
    /// </summary>
    public static string PostgresSql(ArrowField field) => DuckDb(field).Id switch
    {
        DuckDbType.Boolean => "boolean",
        DuckDbType.TinyInt or DuckDbType.SmallInt or DuckDbType.UTinyInt => "smallint",
        DuckDbType.Integer or DuckDbType.USmallInt => "integer",
        DuckDbType.BigInt or DuckDbType.UInteger => "bigint",
        DuckDbType.UBigInt => "numeric(20,0)",
        DuckDbType.Float => "real",
        DuckDbType.Double => "double precision",
        DuckDbType.Varchar => "text",
        DuckDbType.Blob => "bytea",
        DuckDbType.Date => "date",
        DuckDbType.Timestamp => "timestamp",
        DuckDbType.TimestampTz => "timestamptz",
        _ => throw Unsupported(field),
    };

    /// <summary>Multiplier (or negative divisor) turning a timestamp of <paramref name="unit"/> into microseconds.</summary>
    public static long MicrosFactor(ArrowTimeUnit unit) => unit switch
    {
        ArrowTimeUnit.Second => 1_000_000,
        ArrowTimeUnit.Millisecond => 1_000,
        ArrowTimeUnit.Microsecond => 1,
        _ => -1_000,
    };

    /// <summary>A timestamp value of <paramref name="unit"/> in microseconds since the epoch (floored for ns).</summary>
    public static long ToMicros(long value, ArrowTimeUnit unit)
    {
        var factor = MicrosFactor(unit);
        if (factor > 0)
        {
            return checked(value * factor);
        }
        // Floor division in integers (a double would lose the low digits of nanosecond values).
        var quotient = Math.DivRem(value, -factor, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    /// <summary>Quotes an identifier for DuckDB and PostgreSQL (double quotes, inner quotes doubled).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Quotes a string literal (single quotes, inner quotes doubled).</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Checks that <paramref name="schema"/> is the one the sink began with.</summary>
    public static void CheckSchema(SinkTarget target, ArrowSchema schema)
    {
        if (!ReferenceEquals(schema, target.Schema) && !SameColumns(schema, target.Schema))
        {
            throw new SinkException($"a batch for output '{target.Table}' does not have the output's schema ({Describe(target.Schema)}); every batch of an output must share its declared schema");
        }
    }

    private static bool SameColumns(ArrowSchema a, ArrowSchema b)
    {
        if (a.Fields.Count != b.Fields.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Fields.Count; i++)
        {
            if (a.Fields[i].Name != b.Fields[i].Name || a.Fields[i].Type != b.Fields[i].Type)
            {
                return false;
            }
        }
        return true;
    }

    private static string Describe(ArrowSchema schema) => string.Join(", ", schema.Fields.Select(f => $"{f.Name} {f.Type}"));

    private static SinkException Unsupported(ArrowField field) =>
        new($"column '{field.Name}' has Arrow type {field.Type}, which sinks do not store; emit one of {Supported}");
}
