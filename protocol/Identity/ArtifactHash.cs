using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Casparian.Protocol.Identity;

/// <summary>
/// <c>artifact_hash</c>: SHA-256 over a plugin's files (source or executable, lockfile, manifest, schemas); it is
/// what gets signed. The hashed bytes are the UTF-8 prefix <see cref="IdentityContexts.ArtifactHash"/> and a newline,
/// then for each file in ordinal order of its UTF-8 path: the path's length (64-bit little-endian), the path
/// (relative, '/'-separated, NFC), the content's length and the content. Renaming, moving or editing any file, or
/// adding one, changes the hash; the order files are listed in does not.
/// </summary>
public static class ArtifactHash
{
    /// <summary>Most files in one artifact.</summary>
    public const int MaxFiles = 100_000;

    /// <summary>The artifact hash of files in memory, keyed by relative path.</summary>
    /// <exception cref="ArgumentException">A path is not a clean relative path, or two paths are equal.</exception>
    public static string Of(IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Compute(files.Keys, (path, hash) => hash.AppendData(files[path]), path => files[path].Length);
    }

    /// <summary>The artifact hash of files under <paramref name="root"/>, streamed from disk.</summary>
    /// <exception cref="IOException">A file cannot be read; the message names it.</exception>
    public static string OfDirectoryFiles(string root, IEnumerable<string> relativePaths)
    {
        ArgumentNullException.ThrowIfNull(relativePaths);
        return Compute(relativePaths.ToList(), (path, hash) =>
        {
            using var stream = new FileStream(Path.Combine(root, path), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }, path => new FileInfo(Path.Combine(root, path)).Length);
    }

    private static string Compute(IEnumerable<string> paths, Action<string, IncrementalHash> appendContent, Func<string, long> contentLength)
    {
        var ordered = paths.Select(p => (Path: p, Utf8: Encoding.UTF8.GetBytes(CheckedPath(p)))).ToList();
        if (ordered.Count > MaxFiles)
        {
            throw new ArgumentException($"An artifact has at most {MaxFiles} files; this one has {ordered.Count}.", nameof(paths));
        }
        ordered.Sort((a, b) => a.Utf8.AsSpan().SequenceCompareTo(b.Utf8));
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Utf8.AsSpan().SequenceEqual(ordered[i - 1].Utf8))
            {
                throw new ArgumentException($"The artifact lists '{ordered[i].Path}' twice (after Unicode normalization).", nameof(paths));
            }
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(IdentityContexts.ArtifactHash + "\n"));
        Span<byte> length = stackalloc byte[8];
        foreach (var (path, utf8) in ordered)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)utf8.Length);
            hash.AppendData(length);
            hash.AppendData(utf8);
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)contentLength(path));
            hash.AppendData(length);
            appendContent(path, hash);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // Paths name files inside the bundle the same way on every machine.
    private static string CheckedPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var segments = path.Split('/');
        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || segments.Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"Artifact path '{path}' must be relative, '/'-separated, without empty, '.' or '..' segments.", nameof(path));
        }
        return UnicodeNfc.Normalize(path);
    }
}
