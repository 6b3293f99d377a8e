using Casparian.SinkCrashPeer;
using Casparian.Worker.Sinks;

namespace Casparian.Worker.Tests.Sinks;

/// <summary>The DuckDB, Parquet and CSV sinks: read-back identity, abort, modes.</summary>
public sealed class LocalSinkTests
{
    public static TheoryData<LocalSinkKind> Kinds => [LocalSinkKind.DuckDb, LocalSinkKind.Parquet, LocalSinkKind.Csv];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Committed_rows_read_back_by_DuckDB_are_the_rows_written(LocalSinkKind kind)
    {
        using var place = new LocalSinkPlace(kind);
        // 5,000 + 3,000 rows: several full data chunks and a partial one, across two batches.
        using var first = SampleBatch.Create(0, 5_000);
        using var second = SampleBatch.Create(5_000, 3_000);

        await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Append, first, second);

        Assert.Equal(VisibleRows.Expected(first, second), place.Rows("events"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Abort_leaves_nothing_visible(LocalSinkKind kind)
    {
        using var place = new LocalSinkPlace(kind);
        using var sample = SampleBatch.Create(0, 3_000);
        await using (var sink = place.NewSink())
        {
            await sink.BeginAsync(new SinkTarget("events", SampleBatch.Schema, SinkMode.Append, 1, 1));
            await sink.WriteAsync(sample.Batch);
            Assert.Equal(3_000, sink.RowsWritten);
            await sink.AbortAsync();
        }
        // Disposing without a commit aborts too.
        await using (var sink = place.NewSink())
        {
            await sink.BeginAsync(new SinkTarget("events", SampleBatch.Schema, SinkMode.Append, 1, 2));
            await sink.WriteAsync(sample.Batch);
        }

        Assert.Empty(place.Rows("events"));
        if (kind != LocalSinkKind.DuckDb)
        {
            // Not even a temporary file is left behind.
            Assert.Empty(Directory.GetFiles(Path.Combine(place.Root, "events")));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Append_adds_Replace_replaces_and_Error_refuses_a_target_with_data(LocalSinkKind kind)
    {
        using var place = new LocalSinkPlace(kind);
        using var a = SampleBatch.Create(0, 100);
        using var b = SampleBatch.Create(100, 100);
        using var c = SampleBatch.Create(1_000, 50);

        await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Error, a);
        await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Append, b);
        Assert.Equal(VisibleRows.Expected(a, b), place.Rows("events"));

        await SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Replace, c);
        Assert.Equal(VisibleRows.Expected(c), place.Rows("events"));

        var refused = await Assert.ThrowsAsync<SinkTargetNotEmptyException>(() => SinkWrites.CommitAsync(place.NewSink(), "events", SinkMode.Error, a));
        Assert.Contains("events", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Append or Replace", refused.Message, StringComparison.Ordinal);
        Assert.Equal(VisibleRows.Expected(c), place.Rows("events"));
    }

    [Fact]
    public async Task File_sinks_name_each_job_output_file_uniquely_in_the_table_folder()
    {
        using var place = new LocalSinkPlace(LocalSinkKind.Parquet);
        using var sample = SampleBatch.Create(0, 10);
        var sinks = new[] { new ParquetSink(place.Root), new ParquetSink(place.Root) };
        foreach (var sink in sinks)
        {
            await SinkWrites.CommitAsync(sink, "events", SinkMode.Append, sample);
        }

        var paths = sinks.Select(s => s.CommittedPath!).ToList();
        Assert.NotEqual(paths[0], paths[1]);
        Assert.All(paths, p => Assert.Matches(@"/events/42-1-[0-9a-f]{32}\.parquet$", p));
        Assert.Equal(2 * 10, place.Rows("events").Count);
    }

    [Fact]
    public async Task A_batch_with_another_schema_or_an_unsupported_type_fails_naming_the_column()
    {
        using var place = new LocalSinkPlace(LocalSinkKind.DuckDb);
        var odd = new Protocol.Arrow.Metadata.ArrowSchema([new("span", new Protocol.Arrow.Metadata.ArrowType(Protocol.Arrow.Metadata.ArrowTypeId.Duration), true)]);
        await using var sink = place.NewSink();

        var error = await Assert.ThrowsAsync<SinkException>(() => sink.BeginAsync(new SinkTarget("odd", odd, SinkMode.Append, 1, 1)));

        Assert.Contains("'span'", error.Message, StringComparison.Ordinal);
        Assert.Empty(place.Rows("odd"));
    }

    [Theory]
    [InlineData("ftp://x", "not known")]
    [InlineData("nowhere", "no scheme")]
    [InlineData("csv://", "no path")]
    public void The_factory_refuses_unknown_sink_uris_with_the_accepted_forms(string uri, string reason)
    {
        var error = Assert.Throws<SinkException>(() => SinkFactory.Create(uri));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("parquet://DIR", error.Message, StringComparison.Ordinal);
    }
}
