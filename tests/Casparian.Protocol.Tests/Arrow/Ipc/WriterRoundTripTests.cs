using Casparian.Protocol.Arrow;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Json;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Tests.Arrow.Ipc;

public class WriterRoundTripTests
{
    public static IEnumerable<object[]> Cases => ArrowFixtures.Uncompressed();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stream_written_from_golden_json_reads_back_value_by_value(string name)
    {
        var golden = IntegrationJsonReader.ReadFile(ArrowFixtures.Json(name));
        var bytes = WriteStream(golden);

        using var reader = new ArrowStreamReader(bytes);
        var batches = reader.ReadAll().ToList();

        Assert.Empty(ArrowValueComparer.Compare(golden.Schema, golden.Batches, reader.Schema, batches));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void File_written_from_golden_json_reads_back_by_random_access(string name)
    {
        var golden = IntegrationJsonReader.ReadFile(ArrowFixtures.Json(name));
        using var output = new MemoryStream();
        using (var writer = new ArrowFileWriter(output, golden.Schema))
        {
            foreach (var batch in golden.Batches)
            {
                writer.Write(batch);
            }
        }

        using var reader = new ArrowFileReader(output.ToArray());
        Assert.Equal(golden.Batches.Count, reader.RecordBatchCount);
        // Backwards, to show batches are reached through the footer and not by scanning.
        var batches = Enumerable.Range(0, reader.RecordBatchCount).Reverse().Select(reader.ReadRecordBatch).Reverse().ToList();
        Assert.Empty(ArrowValueComparer.Compare(golden.Schema, golden.Batches, reader.Schema, batches));
    }

    [Fact]
    public void Golden_json_survives_a_trip_through_our_json_writer()
    {
        var golden = IntegrationJsonReader.ReadFile(ArrowFixtures.Json("generated_nested"));
        using var json = new MemoryStream();
        IntegrationJsonWriter.Write(json, golden.Schema, golden.Batches);
        json.Position = 0;

        var again = IntegrationJsonReader.Read(json);

        Assert.Empty(ArrowValueComparer.Compare(golden.Schema, golden.Batches, again.Schema, again.Batches));
    }

    [Fact]
    public void Comparer_reports_the_column_and_row_of_a_changed_value()
    {
        var golden = IntegrationJsonReader.ReadFile(ArrowFixtures.Json("generated_primitive"));
        var bytes = WriteStream(golden);
        // Flip the last byte of the body of the first batch's last column (float64, non-nullable, row 16).
        using var reader = new ArrowStreamReader(bytes);
        var batches = reader.ReadAll().ToList();
        var column = batches[0].Columns[^1];
        var changed = column.Values.ToArray();
        changed[^1] ^= 0x40;
        var mutated = new ArrowArray(column.Type, column.Length, column.NullCount, column.Validity, column.Offsets, changed, column.Children);
        var columns = batches[0].Columns.ToArray();
        columns[^1] = mutated;
        batches[0] = new RecordBatch(reader.Schema, batches[0].Length, columns);

        var diffs = ArrowValueComparer.Compare(golden.Schema, golden.Batches, reader.Schema, batches);

        var diff = Assert.Single(diffs);
        Assert.Contains("column 'float64_nonnullable', row 16", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_with_no_batches_has_schema_and_end_marker_only()
    {
        var schema = new ArrowSchema([new ArrowField("x", ArrowType.Int64, true)]);
        using var output = new MemoryStream();
        using (new ArrowStreamWriter(output, schema))
        {
        }

        using var reader = new ArrowStreamReader(output.ToArray());
        var field = Assert.Single(reader.Schema.Fields);
        Assert.Equal(schema.Fields[0] with { }, field with { Children = schema.Fields[0].Children, Metadata = schema.Fields[0].Metadata });
        Assert.Null(reader.ReadNext());
        Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0], output.ToArray()[^8..]);
    }

    [Fact]
    public void Writer_refuses_a_column_whose_type_differs_from_the_schema()
    {
        var schema = new ArrowSchema([new ArrowField("x", ArrowType.Int64, true)]);
        var column = new ArrowArray(ArrowType.Int32, 1, 0, default, default, new byte[4], []);
        using var output = new MemoryStream();
        using var writer = new ArrowStreamWriter(output, schema);

        var ex = Assert.Throws<ArgumentException>(() => writer.Write(new RecordBatch(schema, 1, [column])));

        Assert.Contains("column 'x' is int32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compressed_stream_without_a_codec_fails_naming_the_codec()
    {
        var bytes = File.ReadAllBytes(Path.Combine(ArrowFixtures.Directory, "compression", "generated_zstd.stream"));
        using var reader = new ArrowStreamReader(bytes);

        var ex = Assert.Throws<ArrowFormatException>(() => reader.ReadNext());
        Assert.Contains("Zstd", ex.Message, StringComparison.Ordinal);
    }

    internal static byte[] WriteStream(ArrowJsonFile golden, ArrowWriteOptions? options = null)
    {
        using var output = new MemoryStream();
        using (var writer = new ArrowStreamWriter(output, golden.Schema, options))
        {
            foreach (var batch in golden.Batches)
            {
                writer.Write(batch);
            }
        }
        return output.ToArray();
    }
}
