using System.Globalization;
using System.Text;
using Casparian.Worker.Contracts;

namespace Casparian.Worker.Tests.Contracts;

public sealed class IsoTimestampTests
{
    [Theory]
    [InlineData("2026-03-02T00:00:36Z")]
    [InlineData("2026-03-02t00:00:36z")]
    [InlineData("2026-03-02 23:59:59")]
    [InlineData("1969-12-31T23:59:59.999999Z")]
    [InlineData("2024-02-29T12:00:00.5+05:30")]
    [InlineData("2024-02-29T12:00:00.123456789-0800")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void Parses_instants_exactly_as_DateTimeOffset_does(string text)
    {
        Assert.True(IsoTimestamp.TryParseMicros(Encoding.ASCII.GetBytes(text), out var micros));

        var normalized = text.Replace('t', 'T').Replace('z', 'Z');
        var expected = DateTimeOffset.Parse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.Equal((expected.UtcTicks - DateTime.UnixEpoch.Ticks) / 10, micros);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-01-01T24:00:00Z")]
    [InlineData("2026-01-01T00:00:60Z")]
    [InlineData("2026-01-01T00:00:00.Z")]
    [InlineData("2026-01-01T00:00:00+25:00")]
    [InlineData("2026-01-01T00:00:00 UTC")]
    [InlineData("2026-01-01")]
    [InlineData("2026/01/01 00:00:00")]
    public void Refuses_what_is_not_an_instant(string text) =>
        Assert.False(IsoTimestamp.TryParseMicros(Encoding.ASCII.GetBytes(text), out _));
}
