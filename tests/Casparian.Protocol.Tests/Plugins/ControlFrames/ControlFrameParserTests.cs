using System.Text;
using Casparian.Protocol.Plugins.ControlFrames;

namespace Casparian.Protocol.Tests.Plugins.ControlFrames;

public sealed class ControlFrameParserTests
{
    [Fact]
    public void Every_frame_type_of_the_spec_parses_with_its_snake_case_fields()
    {
        Assert.Equal(new HelloFrame(1, "syslog", "1.0.0"), Parse("""{"type":"hello","protocol_version":1,"plugin":"syslog","version":"1.0.0"}"""));
        Assert.Equal(new OutputBeginFrame("events", "ab12"), Parse("""{"type":"output_begin","output":"events","schema_hash":"ab12"}"""));
        Assert.Equal(new OutputEndFrame("events", 42), Parse("""{"type":"output_end","output":"events","rows":42}"""));
        Assert.Equal(new ProgressFrame(10, 2048), Parse("""{"type":"progress","rows":10,"bytes":2048}"""));
        Assert.Equal(new WarningFrame("odd header"), Parse("""{"type":"warning","message":"odd header"}"""));
        Assert.Equal(new RowErrorFrame("events", "type.int64", "pid", "x1", 7), Parse("""{"type":"row_error","output":"events","reason":"type.int64","column":"pid","raw":"x1","line":7}"""));
        Assert.Equal(new ErrorFrame("input.truncated", "gzip ends early"), Parse("""{"type":"error","code":"input.truncated","message":"gzip ends early"}"""));
    }

    [Fact]
    public void A_row_error_may_have_null_column_and_raw_and_no_line()
    {
        Assert.Equal(new RowErrorFrame("events", "row.malformed", null, null), Parse("""{"type":"row_error","output":"events","reason":"row.malformed","column":null,"raw":null}"""));
    }

    [Fact]
    public void Fields_a_later_protocol_adds_are_ignored_and_the_type_may_come_last()
    {
        Assert.Equal(new ProgressFrame(1, 2), Parse("""{"rows":1,"bytes":2,"eta_ms":5,"type":"progress"}"""));
    }

    [Theory]
    [InlineData("not json at all", "not a JSON object")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"type":"hello","protocol_version":1,"plugin":"p","version":"1"} {}""", "not a JSON object")]
    [InlineData("""{"plugin":"p"}""", "no string field 'type'")]
    [InlineData("""{"type":7}""", "no string field 'type'")]
    [InlineData("""{"type":"goodbye"}""", "unknown control frame type 'goodbye'")]
    [InlineData("""{"type":"output_end","output":"events"}""", "'output_end' frame has a missing or mistyped field")]
    [InlineData("""{"type":"output_end","output":"events","rows":"many"}""", "'output_end' frame has a missing or mistyped field")]
    [InlineData("""{"type":"output_end","output":null,"rows":1}""", "'output_end' frame has a missing or mistyped field")]
    [InlineData("""{"type":"row_error","output":"events","reason":"r","raw":"x"}""", "'row_error' frame has a missing or mistyped field")]
    [InlineData("""{"type":"output_end","output":"events","rows":-1}""", "rows >= 0")]
    [InlineData("""{"type":"output_begin","output":"","schema_hash":"ab"}""", "non-empty output")]
    [InlineData("""{"type":"row_error","output":"o","reason":"r","column":null,"raw":null,"line":0}""", "1-based")]
    public void A_line_that_is_not_a_valid_frame_is_a_bad_frame_that_says_why(string line, string why)
    {
        var error = Assert.Throws<ControlFrameException>(() => Parse(line));

        Assert.Equal("plugin.bad_frame", error.Code);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_longer_than_64_KiB_is_refused_before_it_is_parsed()
    {
        var line = Encoding.UTF8.GetBytes($$"""{"type":"warning","message":"{{new string('w', 64 * 1024)}}"}""");

        var error = Assert.Throws<ControlFrameException>(() => ControlFrameParser.Parse(line));

        Assert.Contains("65536", error.Message, StringComparison.Ordinal);
    }

    private static ControlFrame Parse(string line) => ControlFrameParser.Parse(Encoding.UTF8.GetBytes(line));
}
