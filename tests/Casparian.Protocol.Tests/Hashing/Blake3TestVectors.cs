using System.Text.Json;

namespace Casparian.Protocol.Tests.Hashing;

/// <summary>The official BLAKE3 test vectors from fixtures/blake3/test_vectors.json.</summary>
internal static class Blake3TestVectors
{
    private static readonly Lazy<VectorFile> File = new(Load);

    public static string Key => File.Value.Key;

    public static string ContextString => File.Value.ContextString;

    public static IReadOnlyList<VectorCase> Cases => File.Value.Cases;

    /// <summary>The input of every case: <paramref name="length"/> bytes of the repeating pattern 0, 1, ..., 250.</summary>
    public static byte[] Input(int length)
    {
        var input = new byte[length];
        for (var i = 0; i < length; i++)
        {
            input[i] = (byte)(i % 251);
        }
        return input;
    }

    /// <summary>The repository root, found by walking up from the test assembly to the directory holding fixtures/.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "fixtures", "blake3")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No fixtures/blake3 directory above {AppContext.BaseDirectory}; run the tests from the repository.");
    }

    private static VectorFile Load()
    {
        var path = Path.Combine(RepositoryRoot(), "fixtures", "blake3", "test_vectors.json");
        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
        var root = document.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray()
            .Select(c => new VectorCase(
                c.GetProperty("input_len").GetInt32(),
                c.GetProperty("hash").GetString()!,
                c.GetProperty("keyed_hash").GetString()!,
                c.GetProperty("derive_key").GetString()!))
            .ToList();
        return new VectorFile(root.GetProperty("key").GetString()!, root.GetProperty("context_string").GetString()!, cases);
    }

    private sealed record VectorFile(string Key, string ContextString, IReadOnlyList<VectorCase> Cases);
}

/// <summary>One test vector: input length and the 131-byte extended outputs of the three modes, in hex.</summary>
internal sealed record VectorCase(int InputLength, string Hash, string KeyedHash, string DeriveKey);
