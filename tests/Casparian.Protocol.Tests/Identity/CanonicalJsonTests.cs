using System.Text;
using Casparian.Protocol.Identity;

namespace Casparian.Protocol.Tests.Identity;

public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("{ \"b\" : 1 ,\n \"a\" : [ true , false , null ] }", "{\"a\":[true,false,null],\"b\":1}")]
    [InlineData("[1.0, 1e2, -0, 0.5, 1.5E-7, 12345678901234567890, 2.5e300, -17]", "[1,100,0,0.5,1.5e-7,1.2345678901234567e19,2.5e300,-17]")]
    [InlineData("\"tab\\t quote\\\" backslash\\\\ bell\\u0007 slash\\/ e\\u0301 snow\\u2603\"", "\"tab\\t quote\\\" backslash\\\\ bell\\u0007 slash/ \u00e9 snow\u2603\"")]
    [InlineData("{\"\uff21\": 1, \"\U0001F600\": 2, \"a\": 3}", "{\"a\":3,\"\uff21\":1,\"\U0001F600\":2}")]
    [InlineData("{}", "{}")]
    [InlineData("[]", "[]")]
    public void Documents_take_their_canonical_form(string json, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(CanonicalJson.Canonicalize(json)));

    [Fact]
    public void Formatting_key_order_and_unicode_form_do_not_change_the_schema_hash()
    {
        var compact = "{\"name\":\"caf\u00e9\",\"type\":\"utf8\",\"nullable\":true}";
        var loose = "{\n  \"nullable\" : true,\n  \"type\" : \"utf8\",\n  \"name\" : \"cafe\u0301\"\n}";
        Assert.Equal(SchemaHash.Of(compact), SchemaHash.Of(loose));
        Assert.NotEqual(SchemaHash.Of(compact), SchemaHash.Of(compact.Replace("true", "false", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("{\"a\": 1, \"a\": 2}", "twice")]
    [InlineData("{\"caf\u00e9\": 1, \"cafe\u0301\": 2}", "twice")]
    [InlineData("[1e400]", "range")]
    [InlineData("{\"a\": 1", "not valid JSON")]
    [InlineData("[1] [2]", "not valid JSON")]
    [InlineData("\"\\ud800\"", "not valid Unicode")]
    [InlineData("{\"\\udc00\": 1}", "not valid Unicode")]
    public void Documents_without_a_canonical_form_are_refused_saying_why(string json, string expectedInMessage)
    {
        var error = Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Canonicalize(json));
        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
    }
}
