using Casparian.Protocol.Hashing;

namespace Casparian.Protocol.Tests.Hashing;

public sealed class Blake3IncrementalTests
{
    [Theory]
    [MemberData(nameof(Blake3VectorTests.Backends), MemberType = typeof(Blake3VectorTests))]
    public void Updates_split_at_random_points_equal_one_shot_hashing(string backendName)
    {
        var backend = Enum.Parse<Blake3Backend>(backendName);
        var random = new Random(20261122 + (int)backend);
        var data = new byte[40 * 1024];
        random.NextBytes(data);
        var oneShot = new byte[48];
        var pieces = new byte[48];

        for (var iteration = 0; iteration < 1500; iteration++)
        {
            // Lengths cluster around chunk and tree boundaries (multiples of 1024 plus or minus a little), where
            // the bugs live, and cover the rest uniformly.
            var length = random.Next(4) == 0
                ? Math.Clamp((random.Next(1, 40) * 1024) + random.Next(-2, 3), 0, data.Length)
                : random.Next(data.Length + 1);
            var input = data.AsSpan(0, length);

            var whole = new Blake3Hasher(Blake3Words.Iv(), 0, backend);
            whole.Update(input);
            whole.Finalize(oneShot);

            var split = new Blake3Hasher(Blake3Words.Iv(), 0, backend);
            var offset = 0;
            while (offset < length)
            {
                var piece = random.Next(3) switch
                {
                    0 => random.Next(0, 65),
                    1 => random.Next(0, 2050),
                    _ => random.Next(0, length - offset + 1),
                };
                piece = Math.Min(piece, length - offset);
                split.Update(input.Slice(offset, piece));
                offset += piece;
            }
            split.Finalize(pieces);

            Assert.True(oneShot.AsSpan().SequenceEqual(pieces), $"length {length}, iteration {iteration}");
        }
    }

    [Theory]
    [MemberData(nameof(Blake3VectorTests.Backends), MemberType = typeof(Blake3VectorTests))]
    public void Every_backend_agrees_with_the_scalar_one_on_multi_megabyte_inputs(string backendName)
    {
        var backend = Enum.Parse<Blake3Backend>(backendName);
        var random = new Random(7);
        foreach (var length in new[] { (3 << 20) + 1, (5 << 20) - 1024, 4 << 20 })
        {
            var data = new byte[length];
            random.NextBytes(data);
            var scalar = new Blake3Hasher(Blake3Words.Iv(), 0, Blake3Backend.Scalar);
            scalar.Update(data);
            var simd = new Blake3Hasher(Blake3Words.Iv(), 0, backend);
            simd.Update(data);
            Assert.Equal(scalar.Finalize(), simd.Finalize());
        }
    }

    [Fact]
    public void Parallel_updates_equal_sequential_ones_whatever_came_before()
    {
        var random = new Random(11);
        var data = new byte[(9 << 20) + 777];
        random.NextBytes(data);
        var expected = Blake3.Hash(data);

        // A lead-in that leaves the hasher mid-chunk, on a chunk boundary, or exactly on a work-item boundary.
        foreach (var lead in new[] { 0, 1, 1024, 5000, Blake3Hasher.ParallelSubtreeLength, Blake3Hasher.ParallelSubtreeLength + 1 })
        {
            foreach (var threads in new[] { 1, 2, 3, 8 })
            {
                var hasher = Blake3Hasher.Create();
                hasher.Update(data.AsSpan(0, lead));
                hasher.UpdateParallel(data.AsSpan(lead), threads);
                Assert.True(expected.AsSpan().SequenceEqual(hasher.Finalize()), $"lead {lead}, threads {threads}");
            }
        }
    }

    [Fact]
    public void Parallel_updates_in_several_pieces_equal_one_shot()
    {
        var random = new Random(12);
        var data = new byte[(7 << 20) + 3];
        random.NextBytes(data);
        var hasher = Blake3Hasher.Create();
        hasher.UpdateParallel(data.AsSpan(0, (2 << 20) + 5), 2);
        hasher.UpdateParallel(data.AsSpan((2 << 20) + 5, 3 << 20), 2);
        hasher.UpdateParallel(data.AsSpan((5 << 20) + 5), 2);
        Assert.Equal(Blake3.Hash(data), hasher.Finalize());
    }
}
