namespace Casparian.Native.DuckDb.Interop;

/// <summary>
/// Conversions between DuckDB's storage (days/micros/nanos since the Unix epoch, unscaled decimals) and .NET values.
/// DuckDB's ranges are wider than .NET's (and include ±infinity), so out-of-range values raise
/// <see cref="OverflowException"/> naming the raw accessor to use instead.
/// </summary>
internal static class DuckDbConvert
{
    private const long TicksPerMicro = TimeSpan.TicksPerMillisecond / 1000;
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;
    private static readonly int EpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    internal static DateOnly DateFromDays(int days)
    {
        var dayNumber = (long)EpochDayNumber + days;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
        {
            throw new OverflowException($"DATE value of {days} days since 1970-01-01 is outside DateOnly's range; read it with GetDateDays.");
        }
        return DateOnly.FromDayNumber((int)dayNumber);
    }

    internal static TimeOnly TimeFromMicros(long micros)
    {
        var ticks = micros * TicksPerMicro;
        if (micros < 0 || ticks > TimeOnly.MaxValue.Ticks)
        {
            // DuckDB allows 24:00:00, which TimeOnly cannot hold.
            throw new OverflowException($"TIME value of {micros} µs is outside TimeOnly's range; read it with GetInt64.");
        }
        return new TimeOnly(ticks);
    }

    /// <summary>Ticks since the epoch to a DateTime; <paramref name="raw"/> and <paramref name="unit"/> only name the value in errors.</summary>
    internal static DateTime DateTimeFromEpochTicks(Int128 ticksSinceEpoch, DateTimeKind kind, long raw, string unit)
    {
        var ticks = ticksSinceEpoch + EpochTicks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            throw new OverflowException($"TIMESTAMP value of {raw} {unit} since 1970-01-01 (or ±infinity) is outside DateTime's range; read it with GetInt64.");
        }
        return new DateTime((long)ticks, kind);
    }

    /// <summary>Microseconds since the epoch, rounded down (toward the past, also before 1970).</summary>
    internal static long MicrosFromDateTime(DateTime value) => FloorDiv(value.Ticks - EpochTicks, TicksPerMicro);

    /// <summary>Division rounding toward negative infinity: sub-unit parts of pre-1970 instants must not round up.</summary>
    internal static long FloorDiv(long value, long divisor)
    {
        var quotient = Math.DivRem(value, divisor, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    internal static long TicksPerMicrosecond => TicksPerMicro;

    /// <summary>An unscaled DECIMAL value to <see cref="decimal"/>; overflows above 96 bits or scale 28.</summary>
    internal static decimal DecimalFromUnscaled(Int128 unscaled, byte scale)
    {
        var negative = unscaled < 0;
        var magnitude = (UInt128)(negative ? -unscaled : unscaled);
        if (magnitude >> 96 != 0 || scale > 28)
        {
            throw new OverflowException($"DECIMAL value {unscaled}e-{scale} does not fit System.Decimal; read it with GetDecimalUnscaled.");
        }
        var low = (int)(uint)magnitude;
        var mid = (int)(uint)(magnitude >> 32);
        var high = (int)(uint)(magnitude >> 64);
        return new decimal(low, mid, high, negative, scale);
    }

    /// <summary><see cref="decimal"/> to DuckDB's (width, scale, unscaled) with the smallest width that holds it.</summary>
    internal static DuckDbDecimalStruct DecimalToStruct(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (byte)((bits[3] >> 16) & 0xFF);
        var negative = bits[3] < 0;
        var magnitude = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var digits = 1;
        for (var rest = magnitude / 10; rest != 0; rest /= 10)
        {
            digits++;
        }
        var unscaled = negative ? -(Int128)magnitude : (Int128)magnitude;
        return new DuckDbDecimalStruct
        {
            // The width must hold both the digits and the scale (0.001 is DECIMAL(3,3)); System.Decimal has at most 29 digits.
            Width = (byte)Math.Max(digits, Math.Max((int)scale, 1)),
            Scale = scale,
            Value = new DuckDbHugeIntStruct { Lower = (ulong)unscaled, Upper = (long)(unscaled >> 64) },
        };
    }
}
