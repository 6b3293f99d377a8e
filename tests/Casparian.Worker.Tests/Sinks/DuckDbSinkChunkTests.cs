using Casparian.Native.DuckDb;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Arrays.Builders;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Worker.Sinks;

namespace Casparian.Worker.Tests.Sinks;

/// <summary>
/// How the DuckDB sink moves batches into data chunks: a string column that repeats one value over a whole chunk
/// (lineage hashes) becomes a constant vector, and chunks are reused through a ring filled on the caller's thread and
/// appended on another; every row must still read back its own values.
/// </summary>
public sealed class DuckDbSinkChunkTests
{
    private const string Hash = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private static readonly ArrowSchema Schema = new([
        new ArrowField("id", ArrowType.Int64, false),
        new ArrowField("hash", ArrowType.Utf8, false),
        new ArrowField("note", ArrowType.Utf8, false),
    ]);

    [Fact]
    public async Task Repeated_and_changing_values_read_back_row_by_row()
    {
        // 5,000 rows: hash never changes; note repeats over the first chunk and the start of the second, then varies.
        const int rows = 5_000;
        const int repeatedNotes = 2_048 + 100;
        using var place = new LocalSinkPlace(LocalSinkKind.DuckDb);
        using var id = new PrimitiveColumnBuilder<long>(ArrowType.Int64, rows);
        using var hash = new BinaryColumnBuilder(ArrowType.Utf8, rows);
        using var note = new BinaryColumnBuilder(ArrowType.Utf8, rows);
        for (var i = 0; i < rows; i++)
        {
            id.Append(i);
            hash.Append(Hash.AsSpan());
            note.Append(Note(i, repeatedNotes).AsSpan());
        }
        using var batch = new RecordBatch(Schema, rows, [id.Build(), hash.Build(), note.Build()]);

        await using (var sink = place.NewSink())
        {
            await sink.BeginAsync(new SinkTarget("t", Schema, SinkMode.Append, SinkWrites.NewKey(), 1, 1));
            await sink.WriteAsync(batch);
            await sink.CommitAsync();
        }

        using var database = DuckDbDatabase.Open(Path.Combine(place.Root, "out.duckdb"));
        using var connection = database.Connect();
        var read = connection.QueryRows("SELECT id, hash, note FROM t ORDER BY id", rows + 1);
        Assert.Equal(rows, read.Count);
        for (var i = 0; i < rows; i++)
        {
            if ((long)read[i][0]! != i || (string)read[i][1]! != Hash || (string)read[i][2]! != Note(i, repeatedNotes))
            {
                Assert.Fail($"row {i}: read ({read[i][0]}, {read[i][1]}, {read[i][2]}), expected ({i}, {Hash}, {Note(i, repeatedNotes)})");
            }
        }
        Assert.Equal(1L, connection.ExecuteScalar("SELECT count(DISTINCT hash) FROM t"));
    }

    [Fact]
    public async Task Hundreds_of_chunks_through_the_reused_chunk_ring_keep_every_value_in_place()
    {
        // More chunks than the ring holds, so every chunk is reset and refilled while DuckDB appends others on its
        // thread; DuckDB itself recomputes each expected value in SQL. Written in 10,000-row batches with reused
        // builders: one huge batch would leave ~100 MB in the shared array pool, which the memory-measured tests count.
        const int rows = (300 * 2_048) + 5;
        const int batchRows = 10_000;
        using var place = new LocalSinkPlace(LocalSinkKind.DuckDb);
        using var id = new PrimitiveColumnBuilder<long>(ArrowType.Int64, batchRows);
        using var hash = new BinaryColumnBuilder(ArrowType.Utf8, batchRows);
        using var note = new BinaryColumnBuilder(ArrowType.Utf8, batchRows, batchRows * 64);
        await using (var sink = place.NewSink())
        {
            await sink.BeginAsync(new SinkTarget("t", Schema, SinkMode.Append, SinkWrites.NewKey(), 1, 1));
            for (var start = 0; start < rows; start += batchRows)
            {
                var count = Math.Min(batchRows, rows - start);
                for (var i = start; i < start + count; i++)
                {
                    id.Append(i);
                    hash.Append(Hash.AsSpan());
                    note.Append($"row {i} {new string('x', i % 50)}".AsSpan());
                }
                using (var batch = new RecordBatch(Schema, count, [id.Build(), hash.Build(), note.Build()]))
                {
                    // The sink has copied the batch into its chunks when WriteAsync returns, so the builders may refill.
                    await sink.WriteAsync(batch);
                }
                id.Reset();
                hash.Reset();
                note.Reset();
            }
            await sink.CommitAsync();
        }

        using var database = DuckDbDatabase.Open(Path.Combine(place.Root, "out.duckdb"));
        using var connection = database.Connect();
        Assert.Equal(
            [(long)rows, (Int128)((long)rows * (rows - 1) / 2), 0L],
            Assert.Single(connection.QueryRows(
                $"SELECT count(*), sum(id), count(*) FILTER (WHERE note <> 'row ' || id || ' ' || repeat('x', (id % 50)::INTEGER) OR hash <> '{Hash}') FROM t")));
    }

    private static string Note(int row, int repeated) => row < repeated ? "the same note for many rows" : $"note {row}";
}
