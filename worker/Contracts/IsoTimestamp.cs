namespace Casparian.Worker.Contracts;

/// <summary>
/// Parses ISO 8601 / RFC 3339 instants from UTF-8 without allocating: <c>YYYY-MM-DD</c>, then <c>T</c> or a space,
/// <c>HH:MM:SS</c>, an optional fraction of up to 9 digits (kept to the microsecond) and an optional zone
/// (<c>Z</c>, <c>±HH:MM</c> or <c>±HHMM</c>). A value without a zone is taken as UTC, the convention of the logs we read.
/// </summary>
public static class IsoTimestamp
{
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>Microseconds since the Unix epoch (UTC), or false if the text is not such an instant.</summary>
    public static bool TryParseMicros(ReadOnlySpan<byte> text, out long micros)
    {
        micros = 0;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')
            || text[13] != ':' || text[16] != ':')
        {
            return false;
        }
        if (!Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second))
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var rest = text[19..];
        long fractionMicros = 0;
        if (!rest.IsEmpty && rest[0] == '.')
        {
            var digits = 0;
            var scale = 100_000L;
            while (digits + 1 < rest.Length && char.IsAsciiDigit((char)rest[digits + 1]))
            {
                fractionMicros += (rest[digits + 1] - '0') * scale;
                scale /= 10;
                digits++;
            }
            if (digits is 0 or > 9)
            {
                return false;
            }
            rest = rest[(digits + 1)..];
        }
        if (!TryParseZone(rest, out var offsetMinutes))
        {
            return false;
        }
        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks - EpochTicks;
        micros = (ticks / 10) + fractionMicros - (offsetMinutes * 60_000_000L);
        return true;
    }

    private static bool TryParseZone(ReadOnlySpan<byte> zone, out int offsetMinutes)
    {
        offsetMinutes = 0;
        if (zone.IsEmpty || (zone.Length == 1 && (zone[0] == 'Z' || zone[0] == 'z')))
        {
            return true;
        }
        if (zone[0] != '+' && zone[0] != '-')
        {
            return false;
        }
        int hours, minutes;
        if (zone.Length == 6 && zone[3] == ':')
        {
            if (!Digits(zone.Slice(1, 2), out hours) || !Digits(zone.Slice(4, 2), out minutes))
            {
                return false;
            }
        }
        else if (zone.Length == 5)
        {
            if (!Digits(zone.Slice(1, 2), out hours) || !Digits(zone.Slice(3, 2), out minutes))
            {
                return false;
            }
        }
        else
        {
            return false;
        }
        if (hours > 23 || minutes > 59)
        {
            return false;
        }
        offsetMinutes = (zone[0] == '-' ? -1 : 1) * ((hours * 60) + minutes);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> span, out int value)
    {
        value = 0;
        foreach (var b in span)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
            value = (value * 10) + (b - '0');
        }
        return true;
    }
}
