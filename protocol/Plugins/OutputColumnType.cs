using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Plugins;

/// <summary>The column types an output schema may declare (the names are what schema JSON uses).</summary>
public enum OutputColumnType
{
    /// <summary><c>int64</c>: Arrow Int64.</summary>
    Int64,

    /// <summary><c>float64</c>: Arrow Float64.</summary>
    Float64,

    /// <summary><c>bool</c>: Arrow Bool.</summary>
    Bool,

    /// <summary><c>utf8</c>: Arrow Utf8.</summary>
    Utf8,

    /// <summary><c>binary</c>: Arrow Binary.</summary>
    Binary,

    /// <summary><c>timestamp</c>: Arrow timestamp[us, UTC].</summary>
    Timestamp,

    /// <summary><c>date</c>: Arrow date32 (days since the epoch).</summary>
    Date,
}

/// <summary>Names and Arrow types of <see cref="OutputColumnType"/>.</summary>
public static class OutputColumnTypes
{
    private static readonly ArrowType TimestampUtc = ArrowType.Timestamp(ArrowTimeUnit.Microsecond, "UTC");
    private static readonly ArrowType Date32 = new(ArrowTypeId.Date) { DateUnit = ArrowDateUnit.Day };

    /// <summary>Every type name, as schema JSON spells it.</summary>
    public static IReadOnlyList<string> Names { get; } = ["int64", "float64", "bool", "utf8", "binary", "timestamp", "date"];

    /// <summary>The schema JSON name of a type.</summary>
    public static string Name(this OutputColumnType type) => Names[(int)type];

    /// <summary>The type a schema JSON name denotes, or false.</summary>
    public static bool TryParse(string name, out OutputColumnType type)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                type = (OutputColumnType)i;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>The Arrow type values of this column have.</summary>
    public static ArrowType ToArrow(this OutputColumnType type) => type switch
    {
        OutputColumnType.Int64 => ArrowType.Int64,
        OutputColumnType.Float64 => ArrowType.Float64,
        OutputColumnType.Bool => ArrowType.Bool,
        OutputColumnType.Utf8 => ArrowType.Utf8,
        OutputColumnType.Binary => ArrowType.Binary,
        OutputColumnType.Timestamp => TimestampUtc,
        OutputColumnType.Date => Date32,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an output column type"),
    };

    /// <summary>The output column type of an Arrow type, or false when outputs cannot declare it.</summary>
    public static bool TryFromArrow(ArrowType arrow, out OutputColumnType type)
    {
        ArgumentNullException.ThrowIfNull(arrow);
        for (var i = 0; i < Names.Count; i++)
        {
            if (((OutputColumnType)i).ToArrow() == arrow)
            {
                type = (OutputColumnType)i;
                return true;
            }
        }
        type = default;
        return false;
    }
}
