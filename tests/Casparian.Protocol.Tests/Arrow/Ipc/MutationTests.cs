using System.Buffers.Binary;
using Casparian.Native.Compression;
using Casparian.Protocol.Arrow;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Json;
using Casparian.Protocol.Arrow.Metadata;
using Xunit.Abstractions;

namespace Casparian.Protocol.Tests.Arrow.Ipc;

/// <summary>
/// Malformed input must fail with <see cref="ArrowFormatException"/> and nothing else, and must not make the reader
/// allocate much more than the input: every golden stream is mutated at random (bit flips, interesting integers written
/// over lengths and offsets, truncation, inserted and removed bytes) and read, and every value of what was read is
/// visited.
/// </summary>
public class MutationTests(ITestOutputHelper output)
{
    private const int Mutations = 100_000;

    /// <summary>What a read may allocate beyond the input's size: decoded metadata objects and pooled decompression buffers.</summary>
    private const long AllocationBound = 1 << 20;

    private static readonly ArrowReadOptions Options = new() { Codecs = ArrowCodecs.All };

    [Fact]
    public void Random_mutations_of_every_golden_stream_raise_only_ArrowFormatException_with_bounded_allocation()
    {
        var goldens = ArrowFixtures.AllStreams().Select(p => (Path.GetFileName(p), File.ReadAllBytes(p))).ToArray();

        RunMutations(goldens, Mutations, bytes =>
        {
            using var reader = new ArrowStreamReader(bytes, Options);
            var batches = reader.ReadAll().ToList();
            return (reader.Schema, batches);
        });
    }

    [Fact]
    public void Random_mutations_read_from_a_Stream_raise_only_ArrowFormatException_with_bounded_allocation()
    {
        var goldens = ArrowFixtures.AllStreams().Select(p => (Path.GetFileName(p), File.ReadAllBytes(p))).ToArray();

        RunMutations(goldens, Mutations / 5, bytes =>
        {
            using var reader = new ArrowStreamReader(new MemoryStream(bytes), Options);
            var batches = reader.ReadAll().ToList();
            return (reader.Schema, batches);
        });
    }

    [Fact]
    public void Random_mutations_of_golden_cases_in_the_file_format_raise_only_ArrowFormatException()
    {
        var goldens = ArrowFixtures.Uncompressed().Select(c => (string)c[0]).Select(name =>
        {
            var golden = IntegrationJsonReader.ReadFile(ArrowFixtures.Json(name));
            using var output = new MemoryStream();
            using (var writer = new ArrowFileWriter(output, golden.Schema))
            {
                golden.Batches.ToList().ForEach(writer.Write);
            }
            return (name + ".arrow", output.ToArray());
        }).ToArray();

        RunMutations(goldens, Mutations / 2, bytes =>
        {
            using var reader = new ArrowFileReader(bytes, Options);
            var batches = Enumerable.Range(0, reader.RecordBatchCount).Select(reader.ReadRecordBatch).ToList();
            return (reader.Schema, batches);
        });
    }

    private void RunMutations((string Name, byte[] Bytes)[] goldens, int mutations, Func<byte[], (ArrowSchema Schema, List<RecordBatch> Batches)> read)
    {
        var random = new Random(20261122);
        var failures = new List<string>();
        var rejected = 0;
        long worstExtra = 0;
        var done = 0;
        for (; done < mutations && failures.Count < 5; done++)
        {
            var (name, original) = goldens[done % goldens.Length];
            var mutated = Mutate(original, random, out var how);
            try
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var (schema, batches) = read(mutated);
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                worstExtra = Math.Max(worstExtra, allocated - mutated.Length);
                if (allocated > mutated.Length + AllocationBound)
                {
                    failures.Add($"{name} ({how}): reading {mutated.Length} bytes allocated {allocated}");
                }
                VisitEveryValue(schema, batches);
            }
            catch (ArrowFormatException)
            {
                rejected++;
            }
            catch (Exception ex)
            {
                failures.Add($"{name} ({how}): {ex}");
            }
        }
        failures.ForEach(output.WriteLine);
        output.WriteLine($"{done} mutations, {rejected} rejected with ArrowFormatException, worst allocation beyond input {worstExtra} bytes");
        Assert.Empty(failures);
        Assert.Equal(mutations, done);
        Assert.True(rejected > mutations / 10, $"only {rejected} of {mutations} mutations were rejected; the mutator is not reaching the metadata");
    }

    private static void VisitEveryValue(ArrowSchema schema, List<RecordBatch> batches)
    {
        // Writing the JSON form touches every buffer and offset; comparing with itself resolves every dictionary index.
        IntegrationJsonWriter.Write(Stream.Null, schema, batches);
        ArrowValueComparer.Compare(schema, batches, schema, batches, limit: 1);
        foreach (var batch in batches)
        {
            batch.Dispose();
        }
    }

    private static readonly long[] Interesting = [0, 1, -1, 7, 8, 255, 0x7FFF, 0xFFFF, int.MaxValue, int.MinValue, uint.MaxValue, 1L << 32, long.MaxValue, long.MinValue, 0x7FFFFFF8];

    private static byte[] Mutate(byte[] original, Random random, out string how)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(6))
        {
            case 0:
            {
                var flips = random.Next(1, 5);
                for (var i = 0; i < flips; i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }
                how = $"{flips} bit flips";
                return bytes;
            }
            case 1:
            {
                var at = random.Next(bytes.Length / 4) * 4;
                var value = Interesting[random.Next(Interesting.Length)];
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), (int)value);
                how = $"int32 {(int)value} at {at}";
                return bytes;
            }
            case 2:
            {
                var at = random.Next(bytes.Length / 8) * 8;
                var value = Interesting[random.Next(Interesting.Length)];
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), value);
                how = $"int64 {value} at {at}";
                return bytes;
            }
            case 3:
            {
                var length = random.Next(bytes.Length);
                how = $"truncated to {length}";
                return bytes[..length];
            }
            case 4:
            {
                var at = random.Next(bytes.Length);
                var count = random.Next(1, 9);
                how = $"{count} bytes removed at {at}";
                return [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + count)..]];
            }
            default:
            {
                var at = random.Next(bytes.Length);
                var inserted = new byte[random.Next(1, 9)];
                random.NextBytes(inserted);
                how = $"{inserted.Length} bytes inserted at {at}";
                return [.. bytes[..at], .. inserted, .. bytes[at..]];
            }
        }
    }
}
