using Casparian.Protocol.Arrow.Metadata;
using Casparian.Protocol.Plugins;

namespace Casparian.Protocol.Tests.Plugins;

public sealed class OutputSchemaTests
{
    // The canonical bytes and their BLAKE3 were produced independently: Python's json.dumps(sort_keys=True,
    // separators=(",", ":"), ensure_ascii=False) after NFC, hashed by b3sum. The Python shim computes hashes this way.
    private const string Decomposed = "{ \"columns\": [ {\"name\": \"ts\", \"type\": \"timestamp\", \"nullable\": false},\n {\"type\": \"utf8\", \"name\": \"host\", \"nullable\": true}, {\"name\": \"Ame\u0301lie\", \"type\": \"int64\", \"nullable\": true} ] }";
    private const string Canonical = "{\"columns\":[{\"name\":\"ts\",\"nullable\":false,\"type\":\"timestamp\"},{\"name\":\"host\",\"nullable\":true,\"type\":\"utf8\"},{\"name\":\"Am\u00e9lie\",\"nullable\":true,\"type\":\"int64\"}]}";

    [Fact]
    public void The_schema_hash_is_BLAKE3_of_the_same_canonical_bytes_Python_produces()
    {
        var schema = OutputSchema.Parse(Decomposed);

        Assert.Equal(Canonical, schema.CanonicalJson);
        Assert.Equal("6c1104f776113cea137675d990aeda4d0f2f8c03175406a125a0850f03a283f6", schema.Hash);
        Assert.Equal(["ts", "host", "Am\u00e9lie"], schema.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Column_order_type_and_nullability_each_change_the_hash()
    {
        var baseline = OutputSchema.Parse("""{"columns":[{"name":"a","type":"int64","nullable":false},{"name":"b","type":"utf8","nullable":true}]}""").Hash;
        string[] variants =
        [
            """{"columns":[{"name":"b","type":"utf8","nullable":true},{"name":"a","type":"int64","nullable":false}]}""",
            """{"columns":[{"name":"a","type":"float64","nullable":false},{"name":"b","type":"utf8","nullable":true}]}""",
            """{"columns":[{"name":"a","type":"int64","nullable":true},{"name":"b","type":"utf8","nullable":true}]}""",
        ];

        Assert.All(variants, v => Assert.NotEqual(baseline, OutputSchema.Parse(v).Hash));
    }

    [Fact]
    public void The_inferred_pseudo_schema_of_a_builtin_parser_has_a_fixed_hash()
    {
        var inferred = OutputSchema.Inferred("builtin:csv");

        Assert.Equal("{\"inferred\":\"builtin:csv\"}", inferred.CanonicalJson);
        Assert.Equal("5305addfbca952bf4f6e755ac4c004cd5feaa570eca7d5fa624d6a95f75fed27", inferred.Hash);
        Assert.Equal(inferred.Hash, OutputSchema.Parse(inferred.CanonicalJson).Hash);
    }

    [Theory]
    [InlineData("""{"columns":[]}""", "schema.invalid", "between 1 and")]
    [InlineData("""{"columns":[{"name":"a","type":"int32","nullable":false}]}""", "schema.unsupported_type", "int32")]
    [InlineData("""{"columns":[{"name":"a","type":"utf8"}]}""", "schema.invalid", "columns[0]")]
    [InlineData("""{"columns":[{"name":"a","type":"utf8","nullable":true}],"extra":1}""", "schema.invalid", "exactly one key")]
    [InlineData("""{"columns":[{"name":"a","type":"utf8","nullable":true},{"name":"a","type":"utf8","nullable":true}]}""", "schema.invalid", "declared twice")]
    [InlineData("""{"columns":[{"name":"_cf_job_id","type":"int64","nullable":true}]}""", "contract.reserved_column", "_cf_job_id")]
    [InlineData("""{"columns":""", "schema.invalid", "not JSON")]
    public void A_bad_schema_is_refused_with_a_reason_that_names_the_problem(string json, string reason, string named)
    {
        var error = Assert.Throws<PluginSchemaException>(() => OutputSchema.Parse(json));

        Assert.Equal(reason, error.Reason);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_type_round_trips_through_its_Arrow_schema_with_the_same_hash()
    {
        var columns = Enum.GetValues<OutputColumnType>().Select((t, i) => new OutputColumn($"c{i}", t, i % 2 == 0)).ToArray();
        var schema = OutputSchema.Of(columns);

        var back = OutputSchema.FromArrowSchema(schema.ToArrowSchema());

        Assert.Equal(schema.Hash, back.Hash);
        Assert.Equal("timestamp[Microsecond, UTC]", schema.ToArrowSchema().Fields[5].Type.ToString());
    }

    [Fact]
    public void An_Arrow_schema_with_a_lineage_column_or_an_undeclarable_type_is_refused()
    {
        var reserved = new ArrowSchema([new ArrowField("_CF_source_hash", ArrowType.Utf8, false)]);
        var int32 = new ArrowSchema([new ArrowField("n", ArrowType.Int32, false)]);

        Assert.Equal(PluginSchemaException.ReservedColumn, Assert.Throws<PluginSchemaException>(() => OutputSchema.FromArrowSchema(reserved)).Reason);
        Assert.Equal(PluginSchemaException.UnsupportedType, Assert.Throws<PluginSchemaException>(() => OutputSchema.FromArrowSchema(int32)).Reason);
    }
}
