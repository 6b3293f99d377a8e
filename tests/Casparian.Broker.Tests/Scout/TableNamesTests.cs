using Casparian.Broker.Scout;

namespace Casparian.Broker.Tests.Scout;

public sealed class TableNamesTests
{
    [Theory]
    [InlineData("logins-day1.csv", "csv", "logins")]
    [InlineData("logins-day2.csv", "csv", "logins")]
    [InlineData("process-events.jsonl", "jsonl", "process_events")]
    [InlineData("2024-01-02.csv", "csv", "csv")]
    [InlineData("20240102.jsonl", "jsonl", "jsonl")]
    [InlineData("Net Flows_v2.export.csv", "csv", "net_flows_export")]
    [InlineData("sub/dir/Users.csv", "csv", "users")]
    [InlineData("dns.log.ndjson", "jsonl", "dns_log")]
    [InlineData("noext", "csv", "noext")]
    public void Tables_are_named_after_the_file_without_numbered_parts(string file, string fallback, string expected) =>
        Assert.Equal(expected, TableNames.ForFile(file, fallback));

    [Fact]
    public void Long_names_are_cut_to_what_every_sink_accepts()
    {
        var table = TableNames.ForFile(string.Join('-', Enumerable.Repeat("segment", 20)) + ".csv", "csv");
        Assert.True(table.Length <= TableNames.MaxLength);
        Assert.Matches("^[a-z_]+$", table);
        Assert.False(table.EndsWith('_'));
    }
}
