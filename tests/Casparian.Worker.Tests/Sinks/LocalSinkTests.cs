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
            await sink.BeginAsync(new SinkTarget("events", SampleBatch.Schema, SinkMode.Append, SinkWrites.NewKey(), 1, 1));
            await sink.WriteAsync(sample.Batch);
            Assert.Equal(3_000, sink.RowsWritten);
            await sink.AbortAsync();
        }
        // Disposing without a commit aborts too.
        await using (var sink = place.NewSink())
        {
            await sink.BeginAsync(new SinkTarget("events", SampleBatch.Schema, SinkMode.Append, SinkWrites.NewKey(), 1, 2));
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
    public async Task A_DuckDB_sink_file_in_a_missing_folder_is_created_with_its_folder()
    {
        using var place = new LocalSinkPlace(LocalSinkKind.DuckDb);
        var path = Path.Combine(place.Root, "new", "deeper", "out.duckdb");
        using var sample = SampleBatch.Create(0, 10);

        await SinkWrites.CommitAsync(new DuckDbSink(path), "events", SinkMode.Append, sample);

        Assert.Equal(VisibleRows.Expected(sample), VisibleRows.DuckDbFile(path, "events"));
    }

    [Fact]
    public async Task File_sinks_name_the_committed_file_after_the_materialization_key()
    {
        using var place = new LocalSinkPlace(LocalSinkKind.Parquet);
        using var sample = SampleBatch.Create(0, 10);
        var sinks = new[] { new ParquetSink(place.Root), new ParquetSink(place.Root) };
        await SinkWrites.CommitAsync(sinks[0], "events", SinkMode.Append, "key-a", sample);
        await SinkWrites.CommitAsync(sinks[1], "events", SinkMode.Append, "key-b", sample);

        Assert.Equal([Path.Combine(place.Root, "events", "key-a.parquet"), Path.Combine(place.Root, "events", "key-b.parquet")],
            sinks.Select(s => s.CommittedPath!));
        Assert.Equal(2 * 10, place.Rows("events").Count);
    }

    [Fact]
    public async Task A_batch_with_another_schema_or_an_unsupported_type_fails_naming_the_column()
    {
        using var place = new LocalSinkPlace(LocalSinkKind.DuckDb);
        var odd = new Protocol.Arrow.Metadata.ArrowSchema([new("span", new Protocol.Arrow.Metadata.ArrowType(Protocol.Arrow.Metadata.ArrowTypeId.Duration), true)]);
        await using var sink = place.NewSink();

        var error = await Assert.ThrowsAsync<SinkException>(() => sink.BeginAsync(new SinkTarget("odd", odd, SinkMode.Append, SinkWrites.NewKey(), 1, 1)));

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
    [Fact]
    public async Task Timestamps_in_any_unit_and_large_strings_land_as_microsecond_timestamps_and_text()
    {
        using var place = new LocalSinkPlace(LocalSinkKind.DuckDb);
        var schema = new Protocol.Arrow.Metadata.ArrowSchema([
            new("id", Protocol.Arrow.Metadata.ArrowType.Int64, false),
            new("s", Protocol.Arrow.Metadata.ArrowType.Timestamp(Protocol.Arrow.Metadata.ArrowTimeUnit.Second), true),
            new("ms", Protocol.Arrow.Metadata.ArrowType.Timestamp(Protocol.Arrow.Metadata.ArrowTimeUnit.Millisecond, "UTC"), true),
            new("ns", Protocol.Arrow.Metadata.ArrowType.Timestamp(Protocol.Arrow.Metadata.ArrowTimeUnit.Nanosecond), true),
            new("big", Protocol.Arrow.Metadata.ArrowType.LargeUtf8, true),
        ]);
        using var id = new Protocol.Arrow.Arrays.Builders.PrimitiveColumnBuilder<long>(Protocol.Arrow.Metadata.ArrowType.Int64);
        using var seconds = new Protocol.Arrow.Arrays.Builders.PrimitiveColumnBuilder<long>(schema.Fields[1].Type);
        using var millis = new Protocol.Arrow.Arrays.Builders.PrimitiveColumnBuilder<long>(schema.Fields[2].Type);
        using var nanos = new Protocol.Arrow.Arrays.Builders.PrimitiveColumnBuilder<long>(schema.Fields[3].Type);
        // Our builders make 32-bit offsets only; a large_utf8 column is laid out by hand (64-bit offsets 0 and 5).
        var bigOffsets = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bigOffsets.AsSpan(8), 5);
        var bigOffsets2 = new byte[24];
        bigOffsets.CopyTo(bigOffsets2, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bigOffsets2.AsSpan(16), 5);
        var big = new Protocol.Arrow.Arrays.ArrowArray(Protocol.Arrow.Metadata.ArrowType.LargeUtf8, 2, 1, new byte[] { 0b01 }, bigOffsets2, "large"u8.ToArray(), []);
        id.Append(1);
        seconds.Append(1_700_000_000);
        millis.Append(-1_500);
        nanos.Append(1_700_000_000_123_456_789);
        id.Append(2);
        seconds.AppendNull();
        millis.AppendNull();
        nanos.Append(-1);
        using var batch = new Protocol.Arrow.Arrays.RecordBatch(schema, 2, [id.Build(), seconds.Build(), millis.Build(), nanos.Build(), big]);
        await using (var sink = place.NewSink())
        {
            await sink.BeginAsync(new SinkTarget("units", schema, SinkMode.Append, SinkWrites.NewKey(), 1, 1));
            await sink.WriteAsync(batch);
            await sink.CommitAsync();
        }

        using var database = Native.DuckDb.DuckDbDatabase.Open(Path.Combine(place.Root, "out.duckdb"));
        using var connection = database.Connect();
        var rows = connection.QueryRows("SELECT epoch_us(s), epoch_us(ms), epoch_us(ns), typeof(ms), big FROM units ORDER BY id");
        Assert.Equal(new object?[] { 1_700_000_000_000_000L, -1_500_000L, 1_700_000_000_123_456L, "TIMESTAMP WITH TIME ZONE", "large" }, rows[0]);
        // -1 ns floors to -1 µs, not 0; NULLs stay NULL.
        Assert.Equal(new object?[] { null, null, -1L, "TIMESTAMP WITH TIME ZONE", null }, rows[1]);
    }
}
