using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using Casparian.Protocol.Hashing;

namespace Casparian.Broker.Scout;

/// <summary>A walked file with the BLAKE3 of its bytes: one immutable file version.</summary>
/// <param name="File">Where it was found.</param>
/// <param name="SourceHash">BLAKE3 (hex) of the bytes read.</param>
/// <param name="Size">The number of bytes hashed (the file may have changed since it was listed).</param>
public sealed record HashedFile(WalkedFile File, string SourceHash, long Size);

/// <summary>A file the scan could not read, with the reason.</summary>
public sealed record UnreadableFile(string RelativePath, string Reason);

/// <summary>
/// Hashes many files with bounded parallelism, one hasher per thread. Small files (the common case in evidence
/// corpora) are read whole into a pooled buffer with one positional read; larger ones stream through
/// <see cref="Blake3Streams"/> so memory stays bounded whatever the file size.
/// </summary>
public static class ParallelHasher
{
    /// <summary>Files up to this size are read in one call into a pooled buffer.</summary>
    public const int WholeReadLimit = 1 << 20;

    /// <summary>Hashes <paramref name="files"/> on up to <paramref name="threads"/> threads; results keep the input order.</summary>
    public static (IReadOnlyList<HashedFile> Hashed, IReadOnlyList<UnreadableFile> Unreadable) Hash(IReadOnlyList<WalkedFile> files, int threads,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var hashed = new HashedFile?[files.Count];
        var unreadable = new ConcurrentBag<UnreadableFile>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        // Ranges of files per task: far fewer task hand-offs than one per small file.
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, files.Count, Math.Max(1, Math.Min(256, files.Count / (threads * 8) + 1))),
            options, Blake3Hasher.Create, (range, _, hasher) =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var file = files[i];
                    try
                    {
                        hasher.Reset();
                        var size = HashOne(hasher, file.FullPath);
                        hashed[i] = new HashedFile(file, Convert.ToHexStringLower(hasher.Finalize()), size);
                        ScoutMetrics.BytesHashed.Add(size);
                        ScoutMetrics.FilesHashed.Add(1);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        unreadable.Add(new UnreadableFile(file.RelativePath, ex.Message));
                    }
                }
                return hasher;
            }, _ => { });
        return ([.. hashed.OfType<HashedFile>()], [.. unreadable.OrderBy(u => u.RelativePath, StringComparer.Ordinal)]);
    }

    private static long HashOne(Blake3Hasher hasher, string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = RandomAccess.GetLength(handle);
        if (length > WholeReadLimit)
        {
            return HashStreamed(hasher, handle);
        }
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, length));
        try
        {
            var total = 0;
            int read;
            // Read until EOF: a file still growing is hashed as far as the buffer holds, then streamed.
            while (total < buffer.Length && (read = RandomAccess.Read(handle, buffer.AsSpan(total), total)) > 0)
            {
                total += read;
            }
            hasher.Update(buffer.AsSpan(0, total));
            if (total == buffer.Length)
            {
                return total + HashRest(hasher, handle, total);
            }
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long HashStreamed(Blake3Hasher hasher, SafeFileHandle handle)
    {
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        Blake3Streams.HashStream(hasher, stream, 1);
        return stream.Position;
    }

    private static long HashRest(Blake3Hasher hasher, SafeFileHandle handle, long offset)
    {
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        stream.Position = offset;
        Blake3Streams.HashStream(hasher, stream, 1);
        return stream.Position - offset;
    }
}
