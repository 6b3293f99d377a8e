using Casparian.Broker.Scout;
using Casparian.Testing;

namespace Casparian.Broker.Tests.Scout;

public sealed class ParallelHasherTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cf-hash-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Hashes_match_b3sum_for_empty_small_and_streamed_files()
    {
        var random = new Random(7);
        int[] sizes = [0, 1, 1023, 1024, 1025, 16 << 10, ParallelHasher.ReadSize - 1, ParallelHasher.ReadSize, ParallelHasher.ReadSize + 1, 3 << 20];
        var walked = new List<WalkedFile>();
        foreach (var size in sizes)
        {
            var path = Path.Combine(_root, $"f{size}.bin");
            var bytes = new byte[size];
            random.NextBytes(bytes);
            await File.WriteAllBytesAsync(path, bytes);
            walked.Add(new WalkedFile(Path.GetFileName(path), path));
        }

        var (hashed, unreadable) = ParallelHasher.Hash(walked, threads: 2);

        Assert.Empty(unreadable);
        var oracle = await ExternalCommand.RunAsync("b3sum", ["--no-names", .. walked.Select(w => w.FullPath)], TimeSpan.FromSeconds(30));
        Assert.Equal(oracle.Split('\n', StringSplitOptions.RemoveEmptyEntries), hashed.Select(h => h.SourceHash));
        Assert.Equal(sizes.Select(s => (long)s), hashed.Select(h => h.Size));
    }

    [Fact]
    public void A_file_that_vanished_is_reported_not_fatal()
    {
        var present = Path.Combine(_root, "here.csv");
        File.WriteAllText(present, "x");
        WalkedFile[] walked = [new("gone.csv", Path.Combine(_root, "gone.csv")), new("here.csv", present)];

        var (hashed, unreadable) = ParallelHasher.Hash(walked, threads: 1);

        Assert.Equal("here.csv", Assert.Single(hashed).File.RelativePath);
        Assert.Equal("gone.csv", Assert.Single(unreadable).RelativePath);
    }
}
