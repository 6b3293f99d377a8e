using Casparian.Broker.Scout;

namespace Casparian.Broker.Tests.Scout;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("**/*.csv", "a.csv", true)]
    [InlineData("**/*.csv", "day1/a.csv", true)]
    [InlineData("**/*.csv", "x/y/z/a.csv", true)]
    [InlineData("**/*.csv", "a.csv.gz", false)]
    [InlineData("**/*.csv", "a.CSV", false)]
    [InlineData("*.csv", "a.csv", true)]
    [InlineData("*.csv", "dir/a.csv", false)]
    [InlineData("logs/**/*.log", "logs/a.log", true)]
    [InlineData("logs/**/*.log", "logs/2024/01/a.log", true)]
    [InlineData("logs/**/*.log", "other/logs/a.log", false)]
    [InlineData("logs/**", "logs/a/b", true)]
    [InlineData("logs/**", "logsx/a", false)]
    [InlineData("day?.csv", "day1.csv", true)]
    [InlineData("day?.csv", "day10.csv", false)]
    [InlineData("day?.csv", "day/.csv", false)]
    [InlineData("*", "a/b", false)]
    [InlineData("a+b(1).csv", "a+b(1).csv", true)]
    [InlineData("a+b(1).csv", "aab1.csv", false)]
    [InlineData("**", "anything/at/all.bin", true)]
    public void Globs_match_relative_paths(string pattern, string path, bool expected) =>
        Assert.Equal(expected, GlobPattern.Parse(pattern).IsMatch(path));

    [Theory]
    [InlineData("")]
    [InlineData("/abs/*.csv")]
    [InlineData("logs/a**.csv")]
    public void Bad_globs_are_refused_with_the_fix(string pattern)
    {
        var error = Assert.Throws<FormatException>(() => GlobPattern.Parse(pattern));
        Assert.Contains("e.g.", error.Message, StringComparison.Ordinal);
    }
}
