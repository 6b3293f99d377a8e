using System.Buffers.Binary;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Arrays.Builders;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Protocol.Plugins;
using Casparian.Worker.Runtimes.PluginProcess;

namespace Casparian.Worker.Tests.Runtimes.PluginProcess;

/// <summary>The row copy and row rendering behind quarantining single rows of a plugin's batch, over every output type.</summary>
public sealed class CopiedRowsTests
{
    private static readonly ArrowSchema Schema = OutputSchema.Parse("""
        {"columns":[{"name":"i","type":"int64","nullable":true},{"name":"f","type":"float64","nullable":true},
        {"name":"b","type":"bool","nullable":true},{"name":"s","type":"utf8","nullable":true},{"name":"x","type":"binary","nullable":true},
        {"name":"t","type":"timestamp","nullable":true},{"name":"d","type":"date","nullable":true}]}
        """).ToArrowSchema();

    [Fact]
    public void Taking_rows_keeps_every_type_value_and_null_of_the_kept_rows_in_order()
    {
        using var builders = new Builders();
        builders.Row(1, 1.5, true, "one", [1], 1_000_000, 1);
        builders.Row(2, 2.5, false, "two", [2, 2], 2_000_000, 2);
        builders.Nulls();
        builders.Row(4, -4.25, true, "four", [], 4_000_000, 19_000);
        var source = builders.Batch();

        using var copy = CopiedRows.Take(source, [true, false, true, true]);

        // Through our IPC writer and reader, as the sink would see it.
        var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, Schema))
        {
            writer.Write(copy.Batch);
        }
        using var reader = new ArrowStreamReader(stream.ToArray());
        var batch = Assert.Single(reader.ReadAll());
        Assert.Equal(3, batch.Length);
        Assert.Equal([1L, 4L], new[] { 0, 2 }.Select(r => batch.Columns[0].Int(r)));
        Assert.Equal(-4.25, BinaryPrimitives.ReadDoubleLittleEndian(batch.Columns[1].FixedBytes(2)));
        Assert.True(batch.Columns[2].Bool(0));
        Assert.Equal("four"u8.ToArray(), batch.Columns[3].Bytes(2).ToArray());
        Assert.Equal(new byte[] { 1 }, batch.Columns[4].Bytes(0).ToArray());
        Assert.Equal(4_000_000, batch.Columns[5].Int(2));
        Assert.Equal(19_000, batch.Columns[6].Int(2));
        Assert.All(batch.Columns, column => Assert.False(column.IsValid(1)));
        Assert.All(batch.Columns, column => Assert.True(column.IsValid(0) && column.IsValid(2)));
    }

    [Fact]
    public void A_row_renders_as_a_JSON_object_with_ISO_dates_and_base64_binary()
    {
        using var builders = new Builders();
        builders.Row(7, 0.5, false, "é \"q\"", [0xFF, 0x00], 1_700_000_000_123_456, 20_000);
        builders.Nulls();
        var batch = builders.Batch();

        Assert.Equal("""{"i":7,"f":0.5,"b":false,"s":"é \"q\"","x":"/wA=","t":"2023-11-14T22:13:20.123456Z","d":"2024-10-04"}""", RowText.Render(batch, 0));
        Assert.Equal("""{"i":null,"f":null,"b":null,"s":null,"x":null,"t":null,"d":null}""", RowText.Render(batch, 1));
    }

    private sealed class Builders : IDisposable
    {
        private readonly PrimitiveColumnBuilder<long> _i = new(Schema.Fields[0].Type);
        private readonly PrimitiveColumnBuilder<double> _f = new(Schema.Fields[1].Type);
        private readonly BooleanColumnBuilder _b = new();
        private readonly BinaryColumnBuilder _s = new(Schema.Fields[3].Type);
        private readonly BinaryColumnBuilder _x = new(Schema.Fields[4].Type);
        private readonly PrimitiveColumnBuilder<long> _t = new(Schema.Fields[5].Type);
        private readonly PrimitiveColumnBuilder<int> _d = new(Schema.Fields[6].Type);

        public void Row(long i, double f, bool b, string s, byte[] x, long t, int d)
        {
            _i.Append(i);
            _f.Append(f);
            _b.Append(b);
            _s.Append(s.AsSpan());
            _x.Append(x.AsSpan());
            _t.Append(t);
            _d.Append(d);
        }

        public void Nulls()
        {
            _i.AppendNull();
            _f.AppendNull();
            _b.AppendNull();
            _s.AppendNull();
            _x.AppendNull();
            _t.AppendNull();
            _d.AppendNull();
        }

        public RecordBatch Batch() => new(Schema, _i.Length, [_i.Build(), _f.Build(), _b.Build(), _s.Build(), _x.Build(), _t.Build(), _d.Build()]);

        public void Dispose()
        {
            _i.Dispose();
            _f.Dispose();
            _b.Dispose();
            _s.Dispose();
            _x.Dispose();
            _t.Dispose();
            _d.Dispose();
        }
    }
}
