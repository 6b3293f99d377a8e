using Casparian.SinkCrashPeer;
using Casparian.Testing;
using Casparian.Worker.Sinks;

namespace Casparian.Worker.Tests.Sinks;

/// <summary>The PostgreSQL sink against a throwaway cluster: same rows as DuckDB, abort, modes, SIGKILL mid-COPY.</summary>
public sealed class PostgresSinkTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Rows_equal_the_DuckDB_sinks_rows_for_the_same_batches()
    {
        var (uri, connectionString) = await postgres.NewStoreAsync("sink");
        using var duck = new LocalSinkPlace(LocalSinkKind.DuckDb);
        using var first = SampleBatch.Create(0, 5_000);
        using var second = SampleBatch.Create(5_000, 3_000);

        await SinkWrites.CommitAsync(SinkFactory.Create(uri), "events", SinkMode.Append, first, second);
        await SinkWrites.CommitAsync(duck.NewSink(), "events", SinkMode.Append, first, second);

        var fromPostgres = await VisibleRows.PostgresAsync(connectionString, "events");
        Assert.Equal(8_000, fromPostgres.Count);
        Assert.Equal(duck.Rows("events"), fromPostgres);
        Assert.Equal(VisibleRows.Expected(first, second), fromPostgres);
    }

    [Fact]
    public async Task Abort_leaves_nothing_visible()
    {
        var (uri, connectionString) = await postgres.NewStoreAsync("sink");
        using var sample = SampleBatch.Create(0, 3_000);
        await using (var sink = SinkFactory.Create(uri))
        {
            await sink.BeginAsync(new SinkTarget("events", SampleBatch.Schema, SinkMode.Append, SinkWrites.NewKey(), 1, 1));
            await sink.WriteAsync(sample.Batch);
            await sink.AbortAsync();
        }
        await using (var sink = SinkFactory.Create(uri))
        {
            await sink.BeginAsync(new SinkTarget("events", SampleBatch.Schema, SinkMode.Append, SinkWrites.NewKey(), 1, 2));
            await sink.WriteAsync(sample.Batch);
        }

        Assert.Empty(await VisibleRows.PostgresAsync(connectionString, "events"));
        Assert.Equal(0L, await CountStagingTablesAsync(connectionString));
    }

    [Fact]
    public async Task Append_adds_Replace_replaces_and_Error_refuses_a_table_with_rows()
    {
        var (uri, connectionString) = await postgres.NewStoreAsync("sink");
        using var a = SampleBatch.Create(0, 100);
        using var b = SampleBatch.Create(100, 100);
        using var c = SampleBatch.Create(1_000, 50);

        await SinkWrites.CommitAsync(SinkFactory.Create(uri), "events", SinkMode.Error, a);
        await SinkWrites.CommitAsync(SinkFactory.Create(uri), "events", SinkMode.Append, b);
        Assert.Equal(VisibleRows.Expected(a, b), await VisibleRows.PostgresAsync(connectionString, "events"));

        await SinkWrites.CommitAsync(SinkFactory.Create(uri), "events", SinkMode.Replace, c);
        Assert.Equal(VisibleRows.Expected(c), await VisibleRows.PostgresAsync(connectionString, "events"));

        var refused = await Assert.ThrowsAsync<SinkTargetNotEmptyException>(() => SinkWrites.CommitAsync(SinkFactory.Create(uri), "events", SinkMode.Error, a));
        Assert.Contains("'events'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Append or Replace", refused.Message, StringComparison.Ordinal);
        Assert.Equal(VisibleRows.Expected(c), await VisibleRows.PostgresAsync(connectionString, "events"));
    }

    [Fact]
    public async Task A_writer_killed_mid_COPY_leaves_no_table_and_no_staging_table()
    {
        var (uri, connectionString) = await postgres.NewStoreAsync("sink");

        var written = await CrashPeerRun.KillAfterAsync(uri, "events", rowsBeforeKill: 100_000);

        Assert.True(written >= 100_000);
        Assert.Empty(await VisibleRows.PostgresAsync(connectionString, "events"));
        // The server notices the dead session and drops its TEMP staging table; poll until it has.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (await CountStagingTablesAsync(connectionString) > 0 && DateTime.UtcNow < deadline)
        {
            await poll.WaitForNextTickAsync();
        }
        Assert.Equal(0L, await CountStagingTablesAsync(connectionString));
    }

    [Fact]
    public async Task The_same_key_committed_twice_shows_its_rows_once_and_two_keys_both_land()
    {
        var (uri, connectionString) = await postgres.NewStoreAsync("sink");
        using var a = SampleBatch.Create(0, 700);
        using var b = SampleBatch.Create(700, 300);

        var first = await SinkWrites.CommitAsync(SinkFactory.Create(uri), "events", SinkMode.Append, "k1", a);
        var rerun = await SinkWrites.CommitAsync(SinkFactory.Create(uri), "events", SinkMode.Append, "k1", a);
        var other = await SinkWrites.CommitAsync(SinkFactory.Create(uri), "events", SinkMode.Append, "k2", b);

        Assert.Equal((700L, false), first);
        Assert.Equal((700L, true), rerun);
        Assert.Equal((300L, false), other);
        Assert.Equal(VisibleRows.Expected(a, b), await VisibleRows.PostgresAsync(connectionString, "events"));
    }

    [Fact]
    public async Task Two_runs_of_one_key_staged_at_once_commit_its_rows_once()
    {
        var (uri, connectionString) = await postgres.NewStoreAsync("sink");
        using var sample = SampleBatch.Create(0, 500);
        await using var one = SinkFactory.Create(uri);
        await using var two = SinkFactory.Create(uri);
        await one.BeginAsync(new SinkTarget("events", SampleBatch.Schema, SinkMode.Append, "k1", 1, 1));
        await two.BeginAsync(new SinkTarget("events", SampleBatch.Schema, SinkMode.Append, "k1", 1, 2));
        await one.WriteAsync(sample.Batch);
        await two.WriteAsync(sample.Batch);

        await one.CommitAsync();
        await two.CommitAsync();

        Assert.False(one.AlreadyCommitted);
        Assert.True(two.AlreadyCommitted);
        Assert.Equal(500, two.RowsWritten);
        Assert.Equal(VisibleRows.Expected(sample), await VisibleRows.PostgresAsync(connectionString, "events"));
    }

    private static async Task<long> CountStagingTablesAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_class WHERE relname LIKE 'cf_stage_%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
