namespace Casparian.Protocol.Arrow.Metadata;

/// <summary>
/// An Arrow logical type with its parameters. Only the parameters of <see cref="Id"/> are meaningful; the others keep
/// their defaults so that two equal types compare equal as records.
/// </summary>
public sealed record ArrowType(ArrowTypeId Id)
{
    /// <summary>Bits per value of Int, Time and Decimal.</summary>
    public int BitWidth { get; init; }

    /// <summary>Whether an Int is signed.</summary>
    public bool IsSigned { get; init; }

    public ArrowFloatPrecision FloatPrecision { get; init; }

    /// <summary>Total decimal digits of a Decimal.</summary>
    public int Precision { get; init; }

    /// <summary>Digits after the decimal point of a Decimal.</summary>
    public int Scale { get; init; }

    public ArrowTimeUnit TimeUnit { get; init; }

    public ArrowDateUnit DateUnit { get; init; }

    public ArrowIntervalUnit IntervalUnit { get; init; }

    /// <summary>Time zone of a Timestamp; null for time-zone-naive timestamps.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Bytes per value of a FixedSizeBinary.</summary>
    public int ByteWidth { get; init; }

    /// <summary>Items per value of a FixedSizeList.</summary>
    public int ListSize { get; init; }

    /// <summary>Whether the keys of each Map value are sorted.</summary>
    public bool KeysSorted { get; init; }

    public static ArrowType Null { get; } = new(ArrowTypeId.Null);
    public static ArrowType Bool { get; } = new(ArrowTypeId.Bool);
    public static ArrowType Int8 { get; } = Int(8, true);
    public static ArrowType Int16 { get; } = Int(16, true);
    public static ArrowType Int32 { get; } = Int(32, true);
    public static ArrowType Int64 { get; } = Int(64, true);
    public static ArrowType UInt8 { get; } = Int(8, false);
    public static ArrowType UInt16 { get; } = Int(16, false);
    public static ArrowType UInt32 { get; } = Int(32, false);
    public static ArrowType UInt64 { get; } = Int(64, false);
    public static ArrowType Float16 { get; } = new(ArrowTypeId.FloatingPoint) { FloatPrecision = ArrowFloatPrecision.Half };
    public static ArrowType Float32 { get; } = new(ArrowTypeId.FloatingPoint) { FloatPrecision = ArrowFloatPrecision.Single };
    public static ArrowType Float64 { get; } = new(ArrowTypeId.FloatingPoint) { FloatPrecision = ArrowFloatPrecision.Double };
    public static ArrowType Utf8 { get; } = new(ArrowTypeId.Utf8);
    public static ArrowType LargeUtf8 { get; } = new(ArrowTypeId.LargeUtf8);
    public static ArrowType Binary { get; } = new(ArrowTypeId.Binary);
    public static ArrowType LargeBinary { get; } = new(ArrowTypeId.LargeBinary);
    public static ArrowType Struct { get; } = new(ArrowTypeId.Struct);
    public static ArrowType List { get; } = new(ArrowTypeId.List);
    public static ArrowType LargeList { get; } = new(ArrowTypeId.LargeList);

    public static ArrowType Int(int bitWidth, bool signed) => new(ArrowTypeId.Int) { BitWidth = bitWidth, IsSigned = signed };

    public static ArrowType Timestamp(ArrowTimeUnit unit, string? timeZone = null) => new(ArrowTypeId.Timestamp) { TimeUnit = unit, TimeZone = timeZone };

    /// <summary>How the type's values are laid out in buffers.</summary>
    public ArrowLayout Layout => Id switch
    {
        ArrowTypeId.Null => ArrowLayout.Null,
        ArrowTypeId.Bool or ArrowTypeId.Int or ArrowTypeId.FloatingPoint or ArrowTypeId.Decimal or ArrowTypeId.Date
            or ArrowTypeId.Time or ArrowTypeId.Timestamp or ArrowTypeId.Interval or ArrowTypeId.FixedSizeBinary
            or ArrowTypeId.Duration => ArrowLayout.FixedWidth,
        ArrowTypeId.Binary or ArrowTypeId.Utf8 => ArrowLayout.VariableBinary,
        ArrowTypeId.LargeBinary or ArrowTypeId.LargeUtf8 => ArrowLayout.LargeVariableBinary,
        ArrowTypeId.List or ArrowTypeId.Map => ArrowLayout.List,
        ArrowTypeId.LargeList => ArrowLayout.LargeList,
        ArrowTypeId.FixedSizeList => ArrowLayout.FixedSizeList,
        ArrowTypeId.Struct => ArrowLayout.Struct,
        _ => throw new ArrowFormatException($"Arrow type {Id} is not supported by this reader; write it as one of the supported types"),
    };

    /// <summary>Bits per value of a fixed-width type (1 for Bool).</summary>
    public int FixedBitWidth => Id switch
    {
        ArrowTypeId.Bool => 1,
        ArrowTypeId.Int or ArrowTypeId.Decimal or ArrowTypeId.Time => BitWidth,
        ArrowTypeId.FloatingPoint => FloatPrecision switch { ArrowFloatPrecision.Half => 16, ArrowFloatPrecision.Single => 32, _ => 64 },
        ArrowTypeId.Date => DateUnit == ArrowDateUnit.Day ? 32 : 64,
        ArrowTypeId.Timestamp or ArrowTypeId.Duration => 64,
        ArrowTypeId.Interval => IntervalUnit switch { ArrowIntervalUnit.YearMonth => 32, ArrowIntervalUnit.DayTime => 64, _ => 128 },
        ArrowTypeId.FixedSizeBinary => ByteWidth * 8,
        _ => 0,
    };

    /// <inheritdoc/>
    public override string ToString() => Id switch
    {
        ArrowTypeId.Int => (IsSigned ? "int" : "uint") + BitWidth,
        ArrowTypeId.FloatingPoint => "float" + FixedBitWidth,
        ArrowTypeId.Decimal => $"decimal{BitWidth}({Precision}, {Scale})",
        ArrowTypeId.Date => DateUnit == ArrowDateUnit.Day ? "date32[day]" : "date64[ms]",
        ArrowTypeId.Time => $"time{BitWidth}[{TimeUnit}]",
        ArrowTypeId.Timestamp => TimeZone is null ? $"timestamp[{TimeUnit}]" : $"timestamp[{TimeUnit}, {TimeZone}]",
        ArrowTypeId.Duration => $"duration[{TimeUnit}]",
        ArrowTypeId.Interval => $"interval[{IntervalUnit}]",
        ArrowTypeId.FixedSizeBinary => $"fixed_size_binary[{ByteWidth}]",
        ArrowTypeId.FixedSizeList => $"fixed_size_list[{ListSize}]",
        _ => Id.ToString().ToLowerInvariant(),
    };
}

/// <summary>The physical layouts of the columnar format (which buffers an array has).</summary>
public enum ArrowLayout
{
    /// <summary>No buffers.</summary>
    Null,
    /// <summary>Validity and values (bit-packed for Bool).</summary>
    FixedWidth,
    /// <summary>Validity, 32-bit offsets and data.</summary>
    VariableBinary,
    /// <summary>Validity, 64-bit offsets and data.</summary>
    LargeVariableBinary,
    /// <summary>Validity and 32-bit offsets; one child.</summary>
    List,
    /// <summary>Validity and 64-bit offsets; one child.</summary>
    LargeList,
    /// <summary>Validity; one child of length × list size.</summary>
    FixedSizeList,
    /// <summary>Validity; one child per field.</summary>
    Struct,
}
