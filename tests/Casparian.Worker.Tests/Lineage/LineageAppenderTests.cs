using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Arrays.Builders;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Worker.Contracts;
using Casparian.Worker.Lineage;

namespace Casparian.Worker.Tests.Lineage;

public sealed class LineageAppenderTests
{
    private static readonly LineageValues Values = new("srchash", 11, 22, "arthash", new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234560));

    [Fact]
    public void Appends_the_five_lineage_columns_with_their_values_to_a_plugin_batch()
    {
        var schema = new ArrowSchema([new ArrowField("x", ArrowType.Int64, false)]);
        using var x = new PrimitiveColumnBuilder<long>(ArrowType.Int64);
        x.Append(5);
        x.Append(6);
        using var lineage = new LineageAppender(schema, "t", Values);

        var batch = lineage.Append(new RecordBatch(schema, 2, [x.Build()]));

        Assert.Equal(["x", "_cf_source_hash", "_cf_file_version_id", "_cf_job_id", "_cf_artifact_hash", "_cf_processed_at"], batch.Schema.Fields.Select(f => f.Name));
        Assert.Equal("timestamp[Microsecond, UTC]", batch.Schema.Fields[5].Type.ToString());
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("srchash"u8.ToArray(), batch.Columns[1].Bytes(i).ToArray());
            Assert.Equal(11, batch.Columns[2].Int(i));
            Assert.Equal(22, batch.Columns[3].Int(i));
            Assert.Equal("arthash"u8.ToArray(), batch.Columns[4].Bytes(i).ToArray());
            Assert.Equal(1_772_600_767_123_456L, batch.Columns[5].Int(i));
        }
        Assert.Equal(6, batch.Columns[0].Int(1));
    }

    [Fact]
    public void A_plugin_schema_with_a_cf_column_is_refused_with_contract_reserved_column()
    {
        var schema = new ArrowSchema([new ArrowField("x", ArrowType.Int64, false), new ArrowField("_cf_processed_at", ArrowType.Int64, false)]);

        var error = Assert.Throws<ContractViolationException>(() => new LineageAppender(schema, "events", Values));

        Assert.Equal(LineageColumns.ReservedColumnReason, error.Reason);
        Assert.Contains("'_cf_processed_at'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'events'", error.Message, StringComparison.Ordinal);
    }
}
