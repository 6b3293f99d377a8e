using System.Globalization;
using Casparian.Native.DuckDb;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Testing;
using Casparian.Worker.Execution;
using Casparian.Worker.Lineage;
using Casparian.Worker.Outputs;
using Casparian.Worker.Parsers.Csv;
using Casparian.Worker.Parsers.Jsonl;
using Casparian.Worker.Sinks;
using Casparian.Worker.Tests.Sinks;

namespace Casparian.Worker.Tests.Outputs;

/// <summary>The builtin parsers writing through the sinks their DISPATCH names.</summary>
public sealed class SinkJobOutputsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cf-outputs-").FullName;

    private string DuckDbPath => Path.Combine(root, "out.duckdb");

    private string DuckDbUri => $"duckdb://{DuckDbPath}";

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task A_demo_CSV_lands_in_the_DuckDB_sink_with_its_quarantine_lineage_and_ledger()
    {
        var input = RepoPaths.Fixture("demo", "csv", "logins-day1.csv");
        var job = OutputJobs.Csv(input, "logins", DuckDbUri, jobId: 77);

        var outcome = await new CsvParser(new SinkJobOutputs()).RunAsync(job, CancellationToken.None);

        var receipt = Assert.Single(outcome.Outputs);
        Assert.Equal((197L, 3L), (receipt.Rows, receipt.QuarantinedRows));
        Assert.Equal(job.Dispatch.Outputs[0].MaterializationKey, receipt.MaterializationKey);
        using var database = DuckDbDatabase.Open(DuckDbPath);
        using var connection = database.Connect();
        Assert.Equal(197L, connection.ExecuteScalar("SELECT count(*) FROM logins"));
        Assert.Equal(3L, connection.ExecuteScalar("SELECT count(*) FROM logins__quarantine"));
        Assert.Equal(
            new object?[] { 1L, job.Dispatch.SourceHash, 11L, 77L, OutputJobs.ArtifactHash },
            connection.QueryRows($"SELECT count(DISTINCT {LineageColumns.ProcessedAt}), any_value({LineageColumns.SourceHash}), " +
                $"any_value({LineageColumns.FileVersionId}), any_value({LineageColumns.JobId}), any_value({LineageColumns.ArtifactHash}) FROM logins")[0]);
        Assert.Equal(
            [["logins", 197L], ["logins__quarantine", 3L]],
            connection.QueryRows("SELECT table_name, rows FROM _cf_commits ORDER BY table_name").Select(r => r.ToArray()));
    }

    [Fact]
    public async Task A_rerun_of_a_committed_job_adds_no_rows_and_reports_the_first_receipt()
    {
        var input = RepoPaths.Fixture("demo", "csv", "logins-day2.csv");
        var parser = new CsvParser(new SinkJobOutputs());

        var first = await parser.RunAsync(OutputJobs.Csv(input, "logins", DuckDbUri, attempt: 1), CancellationToken.None);
        var rerun = await parser.RunAsync(OutputJobs.Csv(input, "logins", DuckDbUri, attempt: 2), CancellationToken.None);

        Assert.Equal(first.Outputs, rerun.Outputs);
        Assert.Equal(197, rerun.Outputs[0].Rows);
        Assert.Equal(new object?[] { 197L, 3L }, QueryRow("SELECT (SELECT count(*) FROM logins), (SELECT count(*) FROM logins__quarantine)"));
    }

    [Fact]
    public async Task A_job_that_died_between_its_two_commits_commits_only_the_missing_table_when_rerun()
    {
        var input = RepoPaths.Fixture("demo", "csv", "logins-day1.csv");
        var job = OutputJobs.Csv(input, "logins", DuckDbUri);
        // The first run committed the good rows and died before committing the quarantine.
        var firstRun = new SinkJobOutputs((uri, scope) => new QuarantineCommitKiller(SinkFactory.Create(uri, scope)));
        await Assert.ThrowsAsync<JobFailedException>(() => new CsvParser(firstRun).RunAsync(job, CancellationToken.None));
        Assert.Equal(new object?[] { 197L, 0L }, QueryRow("SELECT (SELECT count(*) FROM logins), (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'logins__quarantine')"));

        var rerun = await new CsvParser(new SinkJobOutputs()).RunAsync(job, CancellationToken.None);

        Assert.Equal((197L, 3L), (rerun.Outputs[0].Rows, rerun.Outputs[0].QuarantinedRows));
        Assert.Equal(new object?[] { 197L, 3L }, QueryRow("SELECT (SELECT count(*) FROM logins), (SELECT count(*) FROM logins__quarantine)"));
    }

    [Fact]
    public async Task The_demo_JSONL_lands_in_the_CSV_sink_and_DuckDB_reads_it_back()
    {
        using var place = new LocalSinkPlace(LocalSinkKind.Csv);
        var job = OutputJobs.Csv(RepoPaths.Fixture("demo", "jsonl", "process-events.jsonl"), "processes", place.Uri);

        var outcome = await new JsonlParser(new SinkJobOutputs()).RunAsync(job, CancellationToken.None);

        Assert.Equal((298L, 2L), (outcome.Outputs[0].Rows, outcome.Outputs[0].QuarantinedRows));
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        var key = job.Dispatch.Outputs[0].MaterializationKey;
        Assert.Equal(298L, connection.ExecuteScalar($"SELECT count(*) FROM read_csv('{place.Root}/processes/{key}.csv', header = true)"));
        Assert.Equal(2L, connection.ExecuteScalar($"SELECT count(*) FROM read_csv('{place.Root}/processes__quarantine/{key}.csv', header = true)"));
    }

    [Fact]
    public void A_table_the_dispatch_does_not_expect_fails_the_job_permanently_and_commits_nothing()
    {
        var job = OutputJobs.Csv("/dev/null", "logins", DuckDbUri);
        using (var outputs = new SinkJobOutputs().Create(job))
        {
            outputs.Open("logins", new ArrowSchema([new("a", ArrowType.Int64, false)]));

            var error = Assert.Throws<JobFailedException>(() => outputs.Open("surprise", new ArrowSchema([new("a", ArrowType.Int64, false)])));

            Assert.Equal(("output.unexpected_table", FailureKind.Permanent), (error.Code, error.Kind));
            Assert.Contains("'surprise'", error.Message, StringComparison.Ordinal);
            Assert.Contains("[logins]", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(0L, QueryRow("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'logins'")[0]);
    }

    [Theory]
    [InlineData(LocalSinkKind.DuckDb)]
    [InlineData(LocalSinkKind.Parquet)]
    [InlineData(LocalSinkKind.Csv)]
    public async Task A_parser_that_fails_midway_leaves_nothing_visible(LocalSinkKind kind)
    {
        using var place = new LocalSinkPlace(kind);
        var input = Path.Combine(root, "broken.csv");
        // The record at the end is larger than the parser accepts, after several full batches were written.
        await File.WriteAllTextAsync(input, "id,name\n" + string.Concat(Enumerable.Range(0, 5_000).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},n{i}\n"))) + "9," + new string('x', 100_000) + "\n");
        var parser = new CsvParser(new SinkJobOutputs(), new() { BatchRows = 1_000, MaxRecordBytes = 1_024 });

        var error = await Assert.ThrowsAsync<JobFailedException>(() => parser.RunAsync(OutputJobs.Csv(input, "events", place.Uri), CancellationToken.None));

        Assert.Equal("input.record_too_large", error.Code);
        if (kind == LocalSinkKind.DuckDb)
        {
            Assert.Equal(0L, ScalarIn(Path.Combine(place.Root, "out.duckdb"), "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'events%'"));
        }
        else
        {
            Assert.Empty(Directory.EnumerateFiles(place.Root, "*", SearchOption.AllDirectories));
        }
    }

    [Theory]
    [InlineData("Append", SinkMode.Append, SinkMode.Append)]
    [InlineData("Replace", SinkMode.Replace, SinkMode.Replace)]
    [InlineData("error", SinkMode.Error, SinkMode.Append)]
    public void The_quarantine_table_goes_to_its_table_s_sink_and_key_and_is_replaced_only_with_it(string mode, SinkMode table, SinkMode quarantine)
    {
        var dispatch = OutputJobs.Csv("/dev/null", "logins", "parquet:///x", mode).Dispatch;

        var main = OutputRoute.Of(dispatch, "logins");
        var side = OutputRoute.Of(dispatch, "logins__quarantine");

        Assert.Equal(table, main.Mode);
        Assert.Equal(quarantine, side.Mode);
        Assert.Same(main.Output, side.Output);
    }

    private object?[] QueryRow(string sql)
    {
        using var database = DuckDbDatabase.Open(DuckDbPath);
        using var connection = database.Connect();
        return connection.QueryRows(sql)[0];
    }

    private static object? ScalarIn(string path, string sql)
    {
        using var database = DuckDbDatabase.Open(path);
        using var connection = database.Connect();
        return connection.ExecuteScalar(sql);
    }

    /// <summary>A sink whose commit of a <c>__quarantine</c> table fails, as if the process died right before it.</summary>
    private sealed class QuarantineCommitKiller(IOutputSink inner) : IOutputSink
    {
        private string table = "";

        public long RowsWritten => inner.RowsWritten;

        public bool AlreadyCommitted => inner.AlreadyCommitted;

        public Task BeginAsync(SinkTarget target, CancellationToken cancellationToken = default)
        {
            table = target.Table;
            return inner.BeginAsync(target, cancellationToken);
        }

        public Task WriteAsync(Protocol.Arrow.Arrays.RecordBatch batch, CancellationToken cancellationToken = default) => inner.WriteAsync(batch, cancellationToken);

        public Task CommitAsync(CancellationToken cancellationToken = default) =>
            table.EndsWith("__quarantine", StringComparison.Ordinal) ? throw new IOException("simulated death before the quarantine commit") : inner.CommitAsync(cancellationToken);

        public Task AbortAsync() => inner.AbortAsync();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
