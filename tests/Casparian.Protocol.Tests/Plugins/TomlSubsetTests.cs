using Casparian.Protocol.Plugins;

namespace Casparian.Protocol.Tests.Plugins;

public sealed class TomlSubsetTests
{
    [Fact]
    public void Reads_keys_strings_integers_booleans_arrays_tables_and_arrays_of_tables()
    {
        var doc = TomlSubset.Parse("""
            # a manifest
            name = "syslog"   # trailing comment
            literal = 'C:\path'
            escaped = "a\"b\\c\u00e9"
            count = -1_000
            on = true
            list = [
              "x", # first
              'y',
            ]
            [limits]
            wall = 30
            [[outputs]]
            name = "events"
            [[outputs]]
            name = "errors"
            """, "test.toml");

        Assert.Equal("syslog", doc["name"]);
        Assert.Equal(@"C:\path", doc["literal"]);
        Assert.Equal("a\"b\\c\u00e9", doc["escaped"]);
        Assert.Equal(-1000L, doc["count"]);
        Assert.Equal(true, doc["on"]);
        Assert.Equal(new List<object> { "x", "y" }, doc["list"]);
        Assert.Equal(30L, ((Dictionary<string, object>)doc["limits"])["wall"]);
        Assert.Equal(["events", "errors"], ((List<Dictionary<string, object>>)doc["outputs"]).Select(t => t["name"]));
    }

    [Theory]
    [InlineData("name = \"open", 1, "not closed")]
    [InlineData("a = 1\na = 2", 2, "defined twice")]
    [InlineData("a.b = 1", 1, "dotted keys")]
    [InlineData("t = { a = 1 }", 1, "inline tables")]
    [InlineData("x = 1.5", 1, "not a supported value")]
    [InlineData("x = 1 2", 1, "after the value")]
    [InlineData("x = [1,\n2", 2, "not closed")]
    [InlineData("[t]\n[t]", 2, "defined twice")]
    public void Anything_outside_the_subset_is_refused_with_its_line(string text, int line, string named)
    {
        var error = Assert.Throws<PluginBundleException>(() => TomlSubset.Parse(text, "m.toml"));

        Assert.Contains($"m.toml, line {line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
