using System.Text;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Arrays.Builders;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Tests.Arrow.Ipc;

public class DeltaDictionaryTests
{
    private static readonly ArrowSchema Schema = new([
        new ArrowField("color", ArrowType.Utf8, true) { Dictionary = new ArrowDictionaryEncoding(7, ArrowType.Int32, false) },
    ]);

    /// <summary>A stream whose dictionary grows by a delta between its two batches.</summary>
    internal static byte[] WriteGrowingDictionaryStream()
    {
        var first = Strings("red", "green");
        var delta = Strings("blue");
        var combined = Strings("red", "green", "blue");
        using var output = new MemoryStream();
        using (var writer = new ArrowStreamWriter(output, Schema))
        {
            writer.Write(new RecordBatch(Schema, 3, [Indices(first, 0, 1, 1)]));
            writer.WriteDictionaryDelta(7, delta, combined);
            writer.Write(new RecordBatch(Schema, 2, [Indices(combined, 2, 0)]));
        }
        return output.ToArray();
    }

    [Fact]
    public void Delta_dictionary_is_appended_to_the_dictionary_of_its_id()
    {
        using var reader = new ArrowStreamReader(WriteGrowingDictionaryStream());

        var firstRows = Values(reader.ReadNext()!);
        var secondRows = Values(reader.ReadNext()!);

        Assert.Equal(["red", "green", "green"], firstRows);
        Assert.Equal(["blue", "red"], secondRows);
        Assert.Equal(3, reader.Dictionaries[7].Length);
        Assert.Null(reader.ReadNext());
    }

    [Fact]
    public void Delta_for_a_dictionary_never_written_is_refused()
    {
        using var output = new MemoryStream();
        using var writer = new ArrowStreamWriter(output, Schema);

        Assert.Throws<InvalidOperationException>(() => writer.WriteDictionaryDelta(7, Strings("x"), Strings("x")));
    }

    private static string[] Values(RecordBatch batch)
    {
        using (batch)
        {
            var column = batch.Columns[0];
            return Enumerable.Range(0, column.Length).Select(i => Encoding.UTF8.GetString(column.Dictionary!.Bytes(column.DictionaryIndex(i)))).ToArray();
        }
    }

    private static ArrowArray Strings(params string[] values)
    {
        var builder = new BinaryColumnBuilder(ArrowType.Utf8);
        foreach (var v in values)
        {
            builder.Append(v.AsSpan());
        }
        return builder.Build(); // the builder's pooled memory stays alive with the test's arrays
    }

    private static ArrowArray Indices(ArrowArray dictionary, params int[] indices)
    {
        var builder = new PrimitiveColumnBuilder<int>(ArrowType.Int32);
        foreach (var i in indices)
        {
            builder.Append(i);
        }
        var built = builder.Build();
        return new ArrowArray(ArrowType.Int32, built.Length, 0, default, default, built.Values, [], dictionary);
    }
}
