using Casparian.Protocol.Hashing;

namespace Casparian.Protocol.Identity;

/// <summary><c>source_hash</c>: BLAKE3 of a file's bytes, in hex. Files are versioned by it.</summary>
public static class SourceHash
{
    /// <summary>The source hash of bytes in memory.</summary>
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(Blake3.Hash(content));

    /// <summary>The source hash of a file, read in blocks on up to <paramref name="maxThreads"/> threads.</summary>
    /// <exception cref="IOException">The file cannot be read; the message names it.</exception>
    public static string OfFile(string path, int maxThreads = 1)
    {
        var hasher = Blake3Hasher.Create();
        Blake3Streams.HashFile(hasher, path, maxThreads);
        return Convert.ToHexStringLower(hasher.Finalize());
    }
}
