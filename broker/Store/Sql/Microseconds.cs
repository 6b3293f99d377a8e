namespace Casparian.Broker.Store.Sql;

/// <summary>Times are stored as microseconds since the Unix epoch (BIGINT) so both databases compare them the same way.</summary>
internal static class Microseconds
{
    public static long From(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static long From(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset ToTime(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);
}
