using System.Buffers.Binary;
using Casparian.Native.Compression;
using Casparian.Protocol.Arrow;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Json;
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
        var goldens = ArrowFixtures.AllStreams().Select(p => (Name: Path.GetFileName(p), Bytes: File.ReadAllBytes(p))).ToArray();
        var random = new Random(20261122);
        var failures = new List<string>();
        var rejected = 0;
        long worstExtra = 0;
        var done = 0;
        for (; done < Mutations && failures.Count < 5; done++)
        {
            var (name, original) = goldens[done % goldens.Length];
            var mutated = Mutate(original, random, out var how);
            try
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                using var reader = new ArrowStreamReader(mutated, Options);
                var batches = reader.ReadAll().ToList();
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                worstExtra = Math.Max(worstExtra, allocated - mutated.Length);
                if (allocated > mutated.Length + AllocationBound)
                {
                    failures.Add($"{name} ({how}): reading {mutated.Length} bytes allocated {allocated}");
                }
                VisitEveryValue(reader, batches);
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
        Assert.Equal(Mutations, done);
        Assert.True(rejected > Mutations / 10, $"only {rejected} of {Mutations} mutations were rejected; the mutator is not reaching the metadata");
    }

    private static void VisitEveryValue(ArrowStreamReader reader, List<RecordBatch> batches)
    {
        // Writing the JSON form touches every buffer and offset; comparing with itself resolves every dictionary index.
        IntegrationJsonWriter.Write(Stream.Null, reader.Schema, batches);
        ArrowValueComparer.Compare(reader.Schema, batches, reader.Schema, batches, limit: 1);
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
