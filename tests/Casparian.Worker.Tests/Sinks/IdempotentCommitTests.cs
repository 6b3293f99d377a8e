using Casparian.Native.DuckDb;
using Casparian.SinkCrashPeer;
using Casparian.Worker.Sinks;

namespace Casparian.Worker.Tests.Sinks;

/// <summary>
/// A commit is idempotent per materialization key and table: a job rerun after its output was committed (its receipt
/// lost to a crash) adds no rows and reports the rows of the first commit.
/// </summary>
public sealed class IdempotentCommitTests
{
    [Theory]
    [MemberData(nameof(LocalSinkTests.Kinds), MemberType = typeof(LocalSinkTests))]
    public async Task The_same_key_committed_twice_shows_its_rows_once_and_the_rerun_reports_the_first_count(LocalSinkKind kind)
    {
        using var place = new LocalSinkPlace(kind);
        using var sample = SampleBatch.Create(0, 2_500);

        var first = await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Append, "k1", sample);
        var rerun = await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Append, "k1", sample);

        Assert.Equal((2_500L, false), first);
        Assert.Equal((2_500L, true), rerun);
        Assert.Equal(VisibleRows.Expected(sample), place.Rows("events"));
    }

    [Theory]
    [MemberData(nameof(LocalSinkTests.Kinds), MemberType = typeof(LocalSinkTests))]
    public async Task An_empty_output_committed_before_is_recognised_with_zero_rows(LocalSinkKind kind)
    {
        // Most quarantine tables are empty: a rerun must still find them committed.
        using var place = new LocalSinkPlace(kind);

        var first = await SinkWrites.CommitAsync(place.NewSink(), "events__quarantine", SinkMode.Append, "k1");
        var rerun = await SinkWrites.CommitAsync(place.NewSink(), "events__quarantine", SinkMode.Append, "k1");

        Assert.Equal((0L, false), first);
        Assert.Equal((0L, true), rerun);
    }

    [Theory]
    [MemberData(nameof(LocalSinkTests.Kinds), MemberType = typeof(LocalSinkTests))]
    public async Task Two_keys_both_land_and_a_new_key_in_Replace_mode_replaces_them(LocalSinkKind kind)
    {
        using var place = new LocalSinkPlace(kind);
        using var a = SampleBatch.Create(0, 100);
        using var b = SampleBatch.Create(100, 50);
        using var c = SampleBatch.Create(500, 10);

        await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Append, "k1", a);
        await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Append, "k2", b);
        Assert.Equal(VisibleRows.Expected(a, b), place.Rows("events"));

        await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Replace, "k3", c);
        Assert.Equal(VisibleRows.Expected(c), place.Rows("events"));
        // The replaced keys are forgotten with their rows: committing one again writes it again.
        var again = await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Append, "k1", a);
        Assert.False(again.AlreadyCommitted);
        Assert.Equal(VisibleRows.Expected(a, c), place.Rows("events"));
    }

    [Theory]
    [MemberData(nameof(LocalSinkTests.Kinds), MemberType = typeof(LocalSinkTests))]
    public async Task An_aborted_run_records_nothing_so_the_next_run_of_its_key_commits(LocalSinkKind kind)
    {
        using var place = new LocalSinkPlace(kind);
        using var sample = SampleBatch.Create(0, 300);
        await using (var sink = place.NewSink())
        {
            await sink.BeginAsync(new SinkTarget("events", SampleBatch.Schema, SinkMode.Append, "k1", 1, 1));
            await sink.WriteAsync(sample.Batch);
            await sink.AbortAsync();
        }

        var next = await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Append, "k1", sample);

        Assert.Equal((300L, false), next);
        Assert.Equal(VisibleRows.Expected(sample), place.Rows("events"));
    }

    [Fact]
    public async Task The_DuckDB_ledger_records_key_table_job_attempt_and_rows_with_the_rows()
    {
        using var place = new LocalSinkPlace(LocalSinkKind.DuckDb);
        using var sample = SampleBatch.Create(0, 42);

        await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Append, "k1", sample);

        using var database = DuckDbDatabase.Open(Path.Combine(place.Root, "out.duckdb"));
        using var connection = database.Connect();
        var rows = connection.QueryRows("SELECT materialization_key, table_name, job_id, attempt, rows FROM _cf_commits");
        Assert.Equal(new object?[] { "k1", "events", 42L, 1, 42L }, Assert.Single(rows));
    }

    [Fact]
    public async Task Two_sinks_of_one_job_write_two_tables_of_one_DuckDB_file_side_by_side()
    {
        using var place = new LocalSinkPlace(LocalSinkKind.DuckDb);
        using var sample = SampleBatch.Create(0, 1_000);
        using var scope = new SinkScope();
        await using var good = SinkFactory.Create(place.Uri, scope);
        await using var quarantine = SinkFactory.Create(place.Uri, scope);

        // Both begun before either commits: without a shared scope the second would wait for the first forever.
        await good.BeginAsync(new SinkTarget("events", SampleBatch.Schema, SinkMode.Append, "k1", 1, 1));
        await quarantine.BeginAsync(new SinkTarget("events__quarantine", SampleBatch.Schema, SinkMode.Append, "k1", 1, 1));
        await good.WriteAsync(sample.Batch);
        await quarantine.WriteAsync(sample.Batch);
        await good.CommitAsync();
        await quarantine.CommitAsync();

        Assert.Equal(VisibleRows.Expected(sample), place.Rows("events"));
        Assert.Equal(VisibleRows.Expected(sample), place.Rows("events__quarantine"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    public async Task A_key_that_cannot_name_a_file_is_refused(string key)
    {
        using var place = new LocalSinkPlace(LocalSinkKind.Parquet);
        await using var sink = place.NewSink();

        var error = await Assert.ThrowsAsync<SinkException>(() => sink.BeginAsync(new SinkTarget("events", SampleBatch.Schema, SinkMode.Append, key, 1, 1)));

        Assert.Contains("materialization key", error.Message, StringComparison.Ordinal);
    }
}
