using System.Text.Json;
using Casparian.Testing;

namespace Casparian.Worker.Tests.Runtimes.PythonShim;

/// <summary>The shim's pure-Python BLAKE3 (the schema hash needs it; Python's stdlib has none) against the official test vectors.</summary>
public sealed class ShimBlake3Tests
{
    [Fact]
    public async Task The_pure_Python_BLAKE3_gives_the_official_hash_test_vectors_including_extended_output()
    {
        using var vectors = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("blake3", "test_vectors.json")));
        var cases = vectors.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => (Length: c.GetProperty("input_len").GetInt32(), Hash: c.GetProperty("hash").GetString()!))
            .ToList();
        Assert.NotEmpty(cases);

        // The input of each vector is the repeating byte sequence 0..250; Python builds it and prints hash and 32-byte hash.
        const string script = """
            import sys
            sys.path.insert(0, sys.argv[1])
            from casparian_blake3 import blake3, blake3_hex
            for spec in sys.argv[2:]:
                length, out = (int(x) for x in spec.split(":"))
                data = bytes(i % 251 for i in range(length))
                print(blake3(data, out).hex(), blake3_hex(data))
            """;
        var args = new List<string> { "-I", "-c", script, Path.GetDirectoryName(ShimRun.ShimPath)! };
        args.AddRange(cases.Select(c => $"{c.Length}:{c.Hash.Length / 2}"));
        var output = await ExternalCommand.RunAsync(ShimRun.SystemPython, args, TimeSpan.FromMinutes(1));

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Count, lines.Length);
        for (var i = 0; i < cases.Count; i++)
        {
            var (extended, standard) = (lines[i].Split(' ')[0], lines[i].Split(' ')[1]);
            Assert.True(extended == cases[i].Hash, $"input length {cases[i].Length}: {extended} != {cases[i].Hash}");
            Assert.Equal(cases[i].Hash[..64], standard);
        }
    }
}
