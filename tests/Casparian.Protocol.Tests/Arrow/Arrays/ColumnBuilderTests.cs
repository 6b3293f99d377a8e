using System.Text;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Arrays.Builders;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Tests.Arrow.Arrays;

public class ColumnBuilderTests
{
    private static readonly ArrowSchema Schema = new([
        new ArrowField("id", ArrowType.Int64, false),
        new ArrowField("score", ArrowType.Float64, true),
        new ArrowField("name", ArrowType.Utf8, true),
        new ArrowField("ok", ArrowType.Bool, true),
    ]);

    [Fact]
    public void Built_columns_round_trip_through_a_stream_with_their_nulls()
    {
        using var ids = new PrimitiveColumnBuilder<long>(ArrowType.Int64);
        using var scores = new PrimitiveColumnBuilder<double>(ArrowType.Float64);
        using var names = new BinaryColumnBuilder(ArrowType.Utf8);
        using var oks = new BooleanColumnBuilder();
        for (var i = 0; i < 20; i++)
        {
            ids.Append(i * 1000L);
            if (i % 3 == 2)
            {
                scores.AppendNull();
                names.AppendNull();
                oks.AppendNull();
            }
            else
            {
                scores.Append(i / 4.0);
                names.Append($"név-{i}");
                oks.Append(i % 2 == 0);
            }
        }
        using var output = new MemoryStream();
        using (var writer = new ArrowStreamWriter(output, Schema))
        {
            writer.Write(new RecordBatch(Schema, 20, [ids.Build(), scores.Build(), names.Build(), oks.Build()]));
        }

        using var reader = new ArrowStreamReader(output.ToArray());
        using var batch = reader.ReadNext()!;

        Assert.Equal(20, batch.Length);
        Assert.Equal(6, batch.Columns[2].NullCount);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i * 1000L, batch.Columns[0].Int(i));
            Assert.Equal(i % 3 != 2, batch.Columns[1].IsValid(i));
            if (i % 3 != 2)
            {
                Assert.Equal($"név-{i}", Encoding.UTF8.GetString(batch.Columns[2].Bytes(i)));
                Assert.Equal(i % 2 == 0, batch.Columns[3].Bool(i));
                Assert.Equal(BitConverter.DoubleToInt64Bits(i / 4.0), batch.Columns[1].Int(i));
            }
        }
    }

    [Fact]
    public void Appending_after_reset_allocates_nothing_per_value()
    {
        using var ids = new PrimitiveColumnBuilder<long>(ArrowType.Int64, 100_000);
        using var names = new BinaryColumnBuilder(ArrowType.Utf8, 100_000, 1_000_000);
        Fill(ids, names); // grows the pooled buffers once
        ids.Reset();
        names.Reset();

        var before = GC.GetAllocatedBytesForCurrentThread();
        Fill(ids, names);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(100_000, ids.Build().Length);
        Assert.True(allocated < 1024, $"appending 200,000 values allocated {allocated} bytes");
    }

    [Fact]
    public void Builder_rejects_a_value_type_that_does_not_match_the_column_type()
    {
        Assert.Throws<ArgumentException>(() => new PrimitiveColumnBuilder<int>(ArrowType.Int64));
    }

    private static void Fill(PrimitiveColumnBuilder<long> ids, BinaryColumnBuilder names)
    {
        Span<char> text = stackalloc char[16];
        for (var i = 0; i < 100_000; i++)
        {
            ids.Append(i);
            i.TryFormat(text, out var n);
            if (i % 10 == 0)
            {
                names.AppendNull();
            }
            else
            {
                names.Append(text[..n]);
            }
        }
    }
}
