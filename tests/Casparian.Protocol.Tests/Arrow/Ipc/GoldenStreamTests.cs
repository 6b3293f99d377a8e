using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Json;

namespace Casparian.Protocol.Tests.Arrow.Ipc;

public class GoldenStreamTests
{
    public static IEnumerable<object[]> Cases => ArrowFixtures.Uncompressed();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_stream_matches_its_json_value_by_value(string name)
    {
        var expected = IntegrationJsonReader.ReadFile(ArrowFixtures.Json(name));
        using var reader = new ArrowStreamReader(File.ReadAllBytes(ArrowFixtures.Stream(name)));
        var batches = reader.ReadAll().ToList();

        var diffs = ArrowValueComparer.Compare(expected.Schema, expected.Batches, reader.Schema, batches);

        Assert.Empty(diffs);
        Assert.Equal(expected.Batches.Count, batches.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reading_from_a_stream_gives_the_same_values_as_reading_from_memory(string name)
    {
        var expected = IntegrationJsonReader.ReadFile(ArrowFixtures.Json(name));
        using var file = File.OpenRead(ArrowFixtures.Stream(name));
        using var reader = new ArrowStreamReader(new OneByteAtATimeStream(file));
        var batches = reader.ReadAll().ToList();

        Assert.Empty(ArrowValueComparer.Compare(expected.Schema, expected.Batches, reader.Schema, batches));
        foreach (var batch in batches)
        {
            batch.Dispose();
        }
    }

    [Fact]
    public void Column_buffers_read_from_memory_are_slices_of_that_memory()
    {
        var bytes = File.ReadAllBytes(ArrowFixtures.Stream("generated_primitive"));
        using var reader = new ArrowStreamReader(bytes);
        using var batch = reader.ReadNext()!;
        var index = reader.Schema.Fields.ToList().FindIndex(f => f.Name == "int64_nullable");
        var column = batch.Columns[index];

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(column.Values, out var segment));
        Assert.Same(bytes, segment.Array);
    }

    [Fact]
    public void Dictionary_columns_resolve_through_their_dictionary()
    {
        using var reader = new ArrowStreamReader(File.ReadAllBytes(ArrowFixtures.Stream("generated_dictionary")));
        using var batch = reader.ReadNext()!;
        var column = batch.Columns[0];

        Assert.NotNull(column.Dictionary);
        Assert.Equal(Protocol.Arrow.Metadata.ArrowTypeId.Utf8, column.Dictionary!.Type.Id);
        for (var row = 0; row < column.Length; row++)
        {
            if (column.IsValid(row))
            {
                Assert.InRange(column.DictionaryIndex(row), 0, column.Dictionary.Length - 1);
            }
        }
    }

    /// <summary>Hands out at most one byte per read, like a slow pipe.</summary>
    private sealed class OneByteAtATimeStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 1));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
