using System.Text;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Worker.Contracts;
using Casparian.Worker.Execution;
using Casparian.Worker.Lineage;
using Casparian.Worker.Parsers;
using Casparian.Worker.Parsers.Csv;

namespace Casparian.Worker.Tests.Parsers.Csv;

public sealed class CsvParserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Dictionary<string, IReadOnlyList<ContractColumn>> Declared = new()
    {
        ["t"] = [new("id", ColumnType.Int64, false), new("note", ColumnType.Utf8, true), new("at", ColumnType.Timestamp, true)],
    };

    [Fact]
    public async Task Quoting_per_RFC_4180_and_every_kind_of_bad_row_is_quarantined_with_its_reason()
    {
        var path = Path.Combine(_dir, "q.csv");
        await File.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(
            "\uFEFFid,note,at\r\n" +
            "1,\"a, \"\"quoted\"\"\r\nsecond line\",2026-01-02T03:04:05.123456+01:00\r\n" +
            "2,,\r\n" +
            "\r\n" +
            ",missing id,\n" +
            "3,x\"y,2026-01-01T00:00:00Z\n" +
            "4,\"closed\"junk,2026-01-01T00:00:00Z\n" +
            "5,too,many,fields\n" +
            "6,\"\",2026-02-30T00:00:00Z\n" +
            "7,last,2026-01-01 00:00:00"));
        var outputs = new CollectingOutputs();

        await new CsvParser(outputs, new() { DeclaredColumns = Declared }).RunAsync(ParserJobs.For(path, "t", "builtin:csv"), CancellationToken.None);

        Assert.Equal(["1", "2", "7"], outputs.Column("t", "id"));
        Assert.Equal(["a, \"quoted\"\r\nsecond line", null, "last"], outputs.Column("t", "note"));
        Assert.Equal(["2026-01-02T02:04:05.123456Z", null, "2026-01-01T00:00:00.000000Z"], outputs.Column("t", "at"));
        // Line numbers count the quoted line break and the blank line.
        Assert.Equal(["6", "7", "8", "9", "10"], outputs.Column("t__quarantine", "row_number"));
        Assert.Equal(["null.not_nullable", "row.malformed", "row.malformed", "row.column_count", "type.timestamp"], outputs.Column("t__quarantine", "reason"));
        Assert.Equal(["id", null, null, null, "at"], outputs.Column("t__quarantine", "column"));
        Assert.Equal([null, null, null, null, "2026-02-30T00:00:00Z"], outputs.Column("t__quarantine", "raw_value"));
        Assert.Equal(",missing id,", outputs.Column("t__quarantine", "raw_line")[0]);
        Assert.Equal("4,\"closed\"junk,2026-01-01T00:00:00Z", outputs.Column("t__quarantine", "raw_line")[2]);
    }

    [Fact]
    public async Task Records_that_cross_the_read_window_and_small_batches_lose_nothing()
    {
        var path = Path.Combine(_dir, "wide.csv");
        var big = new string('x', 700_000);
        var lines = new List<string> { "id,note,at" };
        for (var i = 0; i < 15; i++)
        {
            lines.Add($"{i},\"{big}{i}\n\",");
        }
        await File.WriteAllLinesAsync(path, lines);
        var outputs = new CollectingOutputs();

        await new CsvParser(outputs, new() { DeclaredColumns = Declared, BatchRows = 7 }).RunAsync(ParserJobs.For(path, "t", "builtin:csv"), CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 15).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), outputs.Column("t", "id"));
        Assert.Equal(Enumerable.Range(0, 15).Select(i => $"{big}{i}\n"), outputs.Column("t", "note"));
        Assert.Equal(3, outputs.Tables["t"].Count);
    }

    [Fact]
    public async Task A_record_longer_than_the_limit_fails_the_job_and_names_its_line()
    {
        var path = Path.Combine(_dir, "runaway.csv");
        await File.WriteAllTextAsync(path, "id,note,at\n1,\"never closed" + new string('y', 5000) + "\n");
        var outputs = new CollectingOutputs();

        var error = await Assert.ThrowsAsync<JobFailedException>(() =>
            new CsvParser(outputs, new() { DeclaredColumns = Declared, MaxRecordBytes = 1024 }).RunAsync(ParserJobs.For(path, "t", "builtin:csv"), CancellationToken.None));

        Assert.Equal("input.record_too_large", error.Code);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.False(outputs.Completed);
    }

    [Fact]
    public async Task A_header_with_a_reserved_column_fails_the_job_with_contract_reserved_column()
    {
        var path = Path.Combine(_dir, "reserved.csv");
        await File.WriteAllTextAsync(path, "id,_cf_source_hash\n1,abc\n");
        var outputs = new CollectingOutputs();

        var error = await Assert.ThrowsAsync<JobFailedException>(() => new CsvParser(outputs).RunAsync(ParserJobs.For(path, "t", "builtin:csv"), CancellationToken.None));

        Assert.Equal(LineageColumns.ReservedColumnReason, error.Code);
        Assert.Contains("_cf_source_hash", error.Message, StringComparison.Ordinal);
        Assert.Empty(outputs.Tables);
    }

    [Fact]
    public async Task Inference_picks_the_narrowest_type_of_each_column()
    {
        var path = Path.Combine(_dir, "infer.csv");
        await File.WriteAllLinesAsync(path, ["i,f,b,t,s,e", "1,1.5,TRUE,2026-01-01T00:00:00Z,a,", "-2,3,false,2026-01-01T00:00:01.5Z,1,", "3,-0.25,True,2026-01-01 10:00:00,x y,"]);
        var outputs = new CollectingOutputs();

        await new CsvParser(outputs).RunAsync(ParserJobs.For(path, "t", "builtin:csv"), CancellationToken.None);

        Assert.Equal(
            ["int64", "float64", "bool", "timestamp[Microsecond, UTC]", "utf8", "utf8"],
            outputs.Schemas["t"].Fields.Take(6).Select(f => f.Type.ToString()));
        Assert.Equal(["1.5", "3", "-0.25"], outputs.Column("t", "f"));
        Assert.Equal([null, null, null], outputs.Column("t", "e"));
    }

    [Fact]
    public async Task Cancellation_mid_stream_stops_the_parse_and_completes_nothing()
    {
        var path = Path.Combine(_dir, "cancel.csv");
        await File.WriteAllLinesAsync(path, ["id,note,at", .. Enumerable.Range(0, 50_000).Select(i => $"{i},n,")]);
        using var cancel = new CancellationTokenSource();
        var outputs = new CancellingOutputs(cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new CsvParser(outputs, new() { DeclaredColumns = Declared, BatchRows = 1000 }).RunAsync(ParserJobs.For(path, "t", "builtin:csv"), cancel.Token));

        Assert.False(outputs.Completed);
        Assert.InRange(outputs.Batches, 1, 10);
    }

    /// <summary>Cancels the job when the first batch arrives, as an ABORT during a write would.</summary>
    private sealed class CancellingOutputs(CancellationTokenSource cancel) : IJobOutputs, IJobOutputsFactory, ITableWriter
    {
        public bool Completed { get; private set; }

        public int Batches { get; private set; }

        public IJobOutputs Create(JobContext job) => this;

        public ITableWriter Open(string table, ArrowSchema schema) => this;

        public void Write(RecordBatch batch)
        {
            Batches++;
            cancel.Cancel();
        }

        public void Complete() => Completed = true;

        public void Dispose()
        {
        }
    }
}
