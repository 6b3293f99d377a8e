using Casparian.Testing;
using Casparian.Worker.Contracts;
using Casparian.Worker.Lineage;
using Casparian.Worker.Parsers.Csv;

namespace Casparian.Worker.Tests.Parsers.Csv;

/// <summary>The demo corpus's CSV exports: 200 rows each, three known bad rows (see fixtures/demo/README.md).</summary>
public sealed class CsvParserDemoTests
{
    [Theory]
    [InlineData("logins-day1.csv")]
    [InlineData("logins-day2.csv")]
    public async Task Demo_export_yields_197_good_rows_and_3_quarantined_with_reasons(string file)
    {
        var outputs = new CollectingOutputs();
        var parser = new CsvParser(outputs);

        var outcome = await parser.RunAsync(ParserJobs.For(RepoPaths.Fixture("demo", "csv", file), "logins", "builtin:csv"), CancellationToken.None);

        Assert.True(outputs.Completed);
        Assert.Equal(197, outputs.RowCounts["logins"]);
        Assert.Equal(3, outputs.RowCounts["logins__quarantine"]);
        Assert.Equal(197, outcome.Outputs[0].Rows);
        Assert.Equal(3, outcome.Outputs[0].QuarantinedRows);
        var reasons = outputs.Column("logins__quarantine", "reason");
        var columns = outputs.Column("logins__quarantine", "column");
        var raw = outputs.Column("logins__quarantine", "raw_value");
        var found = reasons.Select((r, i) => (r, columns[i], raw[i])).OrderBy(t => t.r, StringComparer.Ordinal).ToArray();
        Assert.Equal([("type.int64", "bytes_sent", "n/a"), ("type.int64", "bytes_sent", "n/a"), ("type.timestamp", "timestamp", "yesterday")], found);
    }

    [Fact]
    public async Task Demo_day1_infers_types_and_keeps_values_and_line_numbers()
    {
        var outputs = new CollectingOutputs();
        var path = RepoPaths.Fixture("demo", "csv", "logins-day1.csv");

        await new CsvParser(outputs).RunAsync(ParserJobs.For(path, "logins", "builtin:csv"), CancellationToken.None);

        var schema = outputs.Schemas["logins"];
        Assert.Equal(
            ["timestamp[Microsecond, UTC]", "utf8", "utf8", "int64", "bool", "int64"],
            schema.Fields.Take(6).Select(f => f.Type.ToString()));
        Assert.Equal(["timestamp", "user", "host", "logon_type", "success", "bytes_sent"], schema.Fields.Take(6).Select(f => f.Name));
        // First data line: 2026-03-02T00:00:36Z,dave,FS-02,10,true,65435
        Assert.Equal("2026-03-02T00:00:36.000000Z", outputs.Column("logins", "timestamp")[0]);
        Assert.Equal("dave", outputs.Column("logins", "user")[0]);
        Assert.Equal("FS-02", outputs.Column("logins", "host")[0]);
        Assert.Equal("10", outputs.Column("logins", "logon_type")[0]);
        Assert.Equal("true", outputs.Column("logins", "success")[0]);
        Assert.Equal("65435", outputs.Column("logins", "bytes_sent")[0]);
        // The good rows, in order, are exactly the source lines minus the three bad ones.
        var lines = File.ReadAllLines(path).Skip(1).ToArray();
        var good = lines.Where(l => !l.EndsWith(",n/a", StringComparison.Ordinal) && !l.StartsWith("yesterday", StringComparison.Ordinal)).ToArray();
        Assert.Equal(good.Select(l => l.Split(',')[5]), outputs.Column("logins", "bytes_sent"));
        Assert.Equal(good.Select(l => l.Split(',')[1]), outputs.Column("logins", "user"));
        // The README counts data rows from 0 (17, 123, 150); row_number is the 1-based line of the file.
        Assert.Equal(["19", "125", "152"], outputs.Column("logins__quarantine", "row_number"));
        Assert.Equal(lines[17], outputs.Column("logins__quarantine", "raw_line")[0]);
    }

    [Fact]
    public async Task Every_good_row_carries_the_lineage_columns()
    {
        var outputs = new CollectingOutputs();
        var before = DateTimeOffset.UtcNow;
        var job = ParserJobs.For(RepoPaths.Fixture("demo", "csv", "logins-day2.csv"), "logins", "builtin:csv", sourceHash: "feedface", jobId: 9001, fileVersionId: 314);

        await new CsvParser(outputs).RunAsync(job, CancellationToken.None);

        var after = DateTimeOffset.UtcNow;
        var names = outputs.Schemas["logins"].Fields.Select(f => f.Name).ToArray();
        Assert.Equal([LineageColumns.SourceHash, LineageColumns.FileVersionId, LineageColumns.JobId, LineageColumns.ArtifactHash, LineageColumns.ProcessedAt], names[^5..]);
        Assert.All(outputs.Column("logins", LineageColumns.SourceHash), v => Assert.Equal("feedface", v));
        Assert.All(outputs.Column("logins", LineageColumns.FileVersionId), v => Assert.Equal("314", v));
        Assert.All(outputs.Column("logins", LineageColumns.JobId), v => Assert.Equal("9001", v));
        Assert.All(outputs.Column("logins", LineageColumns.ArtifactHash), v => Assert.Equal(ParserJobs.ArtifactHash, v));
        var processed = outputs.Column("logins", LineageColumns.ProcessedAt).Distinct().Single();
        var at = DateTimeOffset.Parse(processed!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, before.AddTicks(-10), after);
        Assert.Equal(197, outputs.Column("logins", LineageColumns.JobId).Count);
        // Rejected rows are as traceable as good ones.
        Assert.Equal(names[^5..], outputs.Schemas["logins__quarantine"].Fields.Select(f => f.Name).ToArray()[^5..]);
        Assert.Equal(["feedface", "feedface", "feedface"], outputs.Column("logins__quarantine", LineageColumns.SourceHash));
        Assert.Equal(["9001", "9001", "9001"], outputs.Column("logins__quarantine", LineageColumns.JobId));
    }

    [Fact]
    public async Task Without_a_dispatched_hash_the_source_hash_is_the_BLAKE3_of_the_file_as_b3sum_computes_it()
    {
        var path = RepoPaths.Fixture("demo", "csv", "logins-day1.csv");
        var outputs = new CollectingOutputs();

        var outcome = await new CsvParser(outputs).RunAsync(ParserJobs.For(path, "logins", "builtin:csv", sourceHash: null), CancellationToken.None);

        var b3sum = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("b3sum", ["--no-names", path]) { RedirectStandardOutput = true })!;
        var expected = (await b3sum.StandardOutput.ReadToEndAsync()).Trim();
        await b3sum.WaitForExitAsync();
        Assert.Equal(expected, outcome.SourceHash);
        Assert.All(outputs.Column("logins", LineageColumns.SourceHash), v => Assert.Equal(expected, v));
    }

    [Fact]
    public async Task A_declared_schema_is_obeyed_instead_of_inference()
    {
        var outputs = new CollectingOutputs();
        var declared = new Dictionary<string, IReadOnlyList<ContractColumn>>
        {
            ["logins"] = [new("user", ColumnType.Utf8, false), new("bytes_sent", ColumnType.Utf8, true), new("logon_type", ColumnType.Float64, false)],
        };

        await new CsvParser(outputs, new() { DeclaredColumns = declared }).RunAsync(
            ParserJobs.For(RepoPaths.Fixture("demo", "csv", "logins-day1.csv"), "logins", "builtin:csv"), CancellationToken.None);

        // bytes_sent is text now, so n/a is a fine value; the timestamp column is not in the contract at all.
        Assert.Equal(200, outputs.RowCounts["logins"]);
        Assert.Equal(0, outputs.RowCounts["logins__quarantine"]);
        Assert.Equal(["user", "bytes_sent", "logon_type"], outputs.Schemas["logins"].Fields.Take(3).Select(f => f.Name));
        Assert.Equal("10", outputs.Column("logins", "logon_type")[0]);
        Assert.Equal("n/a", outputs.Column("logins", "bytes_sent")[17]);
    }
}
