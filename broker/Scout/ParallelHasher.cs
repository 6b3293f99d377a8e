using System.Buffers;
using System.Collections.Concurrent;
using Casparian.Native.Posix;
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
/// Hashes many files with bounded parallelism, one hasher and one read buffer per thread. A file is read from its start
/// with positional reads until one returns nothing, so a small file (the common case in evidence corpora) costs four
/// system calls (open, read, read at the end, close) and no allocation beyond its record.
/// </summary>
public static class ParallelHasher
{
    /// <summary>Bytes read per call: big enough for the hasher's SIMD paths, small enough to stay in cache.</summary>
    public const int ReadSize = 256 * 1024;

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
        Parallel.ForEach(Partitioner.Create(0, files.Count, Math.Max(1, Math.Min(256, files.Count / (threads * 8) + 1))),
            options, () => new Worker(), (range, _, worker) =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var file = files[i];
                    try
                    {
                        var size = worker.HashFile(file.FullPath);
                        hashed[i] = new HashedFile(file, Convert.ToHexStringLower(worker.Hasher.Finalize()), size);
                        ScoutMetrics.BytesHashed.Add(size);
                        ScoutMetrics.FilesHashed.Add(1);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        unreadable.Add(new UnreadableFile(file.RelativePath, ex.Message));
                    }
                }
                return worker;
            }, worker => worker.Dispose());
        return ([.. hashed.OfType<HashedFile>()], [.. unreadable.OrderBy(u => u.RelativePath, StringComparer.Ordinal)]);
    }

    /// <summary>One thread's hasher and pooled read buffer.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(ReadSize);

        public Blake3Hasher Hasher { get; } = Blake3Hasher.Create();

        // Reads until the end, so a file still growing is hashed as far as it went; returns the bytes hashed.
        public long HashFile(string path)
        {
            Hasher.Reset();
            using var file = ReadOnlyFile.Open(path);
            long total = 0;
            int read;
            while ((read = file.Read(_buffer.AsSpan(0, ReadSize), total)) > 0)
            {
                Hasher.Update(_buffer.AsSpan(0, read));
                total += read;
            }
            return total;
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
    }
}
