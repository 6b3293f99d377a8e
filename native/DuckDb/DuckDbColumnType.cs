using Casparian.Native.DuckDb.Interop;

namespace Casparian.Native.DuckDb;

/// <summary>
/// A column's logical type as this binding reads and writes it: the type id, and for DECIMAL its width, scale and the
/// integer type DuckDB stores it in (SMALLINT, INTEGER, BIGINT or HUGEINT, depending on the width).
/// </summary>
public readonly record struct DuckDbColumnType(DuckDbType Id, byte DecimalWidth = 0, byte DecimalScale = 0, DuckDbType DecimalStorage = DuckDbType.Invalid)
{
    /// <summary>The largest DECIMAL width DuckDB supports.</summary>
    public const int MaxDecimalWidth = 38;

    /// <summary>A non-decimal type.</summary>
    public static DuckDbColumnType Of(DuckDbType id) =>
        id == DuckDbType.Decimal
            ? throw new ArgumentException("A DECIMAL column needs a width and scale: use DuckDbColumnType.Decimal(width, scale).", nameof(id))
            : new(id);

    /// <summary>DECIMAL(width, scale); width 1..38, scale 0..width.</summary>
    public static DuckDbColumnType Decimal(byte width, byte scale)
    {
        if (width is < 1 or > MaxDecimalWidth || scale > width)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"DECIMAL({width}, {scale}) is invalid: width must be 1..{MaxDecimalWidth} and scale 0..width.");
        }
        return new(DuckDbType.Decimal, width, scale, StorageOf(width));
    }

    /// <summary>How many bytes one value of this type occupies in a vector (0 for types not stored inline).</summary>
    public int ValueSize => PhysicalSize(Id == DuckDbType.Decimal ? DecimalStorage : Id);

    /// <inheritdoc/>
    public override string ToString() => Id == DuckDbType.Decimal ? $"DECIMAL({DecimalWidth},{DecimalScale})" : Id.ToString().ToUpperInvariant();

    internal static DuckDbType StorageOf(byte width) => width switch
    {
        <= 4 => DuckDbType.SmallInt,
        <= 9 => DuckDbType.Integer,
        <= 18 => DuckDbType.BigInt,
        _ => DuckDbType.HugeInt,
    };

    internal static int PhysicalSize(DuckDbType id) => id switch
    {
        DuckDbType.Boolean or DuckDbType.TinyInt or DuckDbType.UTinyInt => 1,
        DuckDbType.SmallInt or DuckDbType.USmallInt => 2,
        DuckDbType.Integer or DuckDbType.UInteger or DuckDbType.Float or DuckDbType.Date => 4,
        DuckDbType.BigInt or DuckDbType.UBigInt or DuckDbType.Double or DuckDbType.Time or DuckDbType.TimeNs or DuckDbType.TimeTz
            or DuckDbType.Timestamp or DuckDbType.TimestampS or DuckDbType.TimestampMs or DuckDbType.TimestampNs
            or DuckDbType.TimestampTz or DuckDbType.TimestampTzNs => 8,
        DuckDbType.HugeInt or DuckDbType.UHugeInt or DuckDbType.Uuid or DuckDbType.Interval
            or DuckDbType.Varchar or DuckDbType.Blob => 16,
        _ => 0,
    };

    /// <summary>Reads the id (and decimal details) of a logical type DuckDB handed us; does not take ownership.</summary>
    internal static DuckDbColumnType FromLogicalType(nint logicalType)
    {
        var id = DuckDbNative.GetTypeId(logicalType);
        return id == DuckDbType.Decimal
            ? new(id, DuckDbNative.DecimalWidth(logicalType), DuckDbNative.DecimalScale(logicalType), DuckDbNative.DecimalInternalType(logicalType))
            : new(id);
    }

    /// <summary>Creates the matching DuckDB logical type (owned by the returned handle).</summary>
    internal DuckDbLogicalTypeHandle CreateLogicalType() =>
        DuckDbLogicalTypeHandle.Adopt(Id == DuckDbType.Decimal
            ? DuckDbNative.CreateDecimalType(DecimalWidth, DecimalScale)
            : DuckDbNative.CreateLogicalType(Id));
}
