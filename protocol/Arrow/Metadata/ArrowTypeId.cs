namespace Casparian.Protocol.Arrow.Metadata;

/// <summary>The Arrow logical type ids, numbered as in the <c>Type</c> union of Schema.fbs.</summary>
public enum ArrowTypeId : byte
{
    Null = 1,
    Int = 2,
    FloatingPoint = 3,
    Binary = 4,
    Utf8 = 5,
    Bool = 6,
    Decimal = 7,
    Date = 8,
    Time = 9,
    Timestamp = 10,
    Interval = 11,
    List = 12,
    Struct = 13,
    Union = 14,
    FixedSizeBinary = 15,
    FixedSizeList = 16,
    Map = 17,
    Duration = 18,
    LargeBinary = 19,
    LargeUtf8 = 20,
    LargeList = 21,
}

/// <summary>Resolution of time, timestamp and duration values (Schema.fbs <c>TimeUnit</c>).</summary>
public enum ArrowTimeUnit : short
{
    Second = 0,
    Millisecond = 1,
    Microsecond = 2,
    Nanosecond = 3,
}

/// <summary>Unit of a date (Schema.fbs <c>DateUnit</c>): days in 32 bits or milliseconds in 64 bits.</summary>
public enum ArrowDateUnit : short
{
    Day = 0,
    Millisecond = 1,
}

/// <summary>Width of a floating point type (Schema.fbs <c>Precision</c>).</summary>
public enum ArrowFloatPrecision : short
{
    Half = 0,
    Single = 1,
    Double = 2,
}

/// <summary>Unit of an interval (Schema.fbs <c>IntervalUnit</c>).</summary>
public enum ArrowIntervalUnit : short
{
    YearMonth = 0,
    DayTime = 1,
    MonthDayNano = 2,
}
