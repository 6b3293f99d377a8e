using System.Numerics;
using System.Text;

namespace Casparian.Protocol.Hashing;

/// <summary>
/// An incremental BLAKE3 hasher: feed input in pieces of any size with <see cref="Update(ReadOnlySpan{byte})"/>,
/// read the hash (any length) with <see cref="Finalize(Span{byte})"/> as often as wanted. Supports the three modes
/// of the specification (hash, keyed hash, derive key) and multi-threaded updates of large inputs.
/// Not thread-safe: one hasher per thread of control.
/// </summary>
public sealed unsafe partial class Blake3Hasher
{
    private readonly Blake3Words _key;
    private readonly byte _flags;
    private readonly Blake3Backend _backend;
    private Blake3ChunkState _chunk;

    // Chaining values of completed subtrees, lazily merged so the last one can still become the root's child.
    private readonly byte[] _cvStack = new byte[(Blake3Constants.MaxTreeDepth + 1) * Blake3Constants.OutputLength];
    private int _cvStackLength;

    internal Blake3Hasher(in Blake3Words key, byte flags, Blake3Backend backend)
    {
        Blake3Backends.EnsureSupported(backend);
        _key = key;
        _flags = flags;
        _backend = backend;
        _chunk = new Blake3ChunkState(key, 0, flags);
    }

    /// <summary>A hasher for the default (unkeyed) hash.</summary>
    public static Blake3Hasher Create() => new(Blake3Words.Iv(), 0, Blake3Backends.Best);

    /// <summary>A hasher for the keyed hash (a MAC / PRF) with a 32-byte key.</summary>
    /// <exception cref="ArgumentException">The key is not exactly 32 bytes.</exception>
    public static Blake3Hasher CreateKeyed(ReadOnlySpan<byte> key) => CreateKeyed(key, Blake3Backends.Best);

    /// <summary>
    /// A hasher for key derivation: <paramref name="context"/> must be a hard-coded, globally unique, application
    /// specific string (for example "casparian-flow 2026-11 output_target_key v1"); feed the key material as input.
    /// </summary>
    public static Blake3Hasher CreateDeriveKey(string context) => CreateDeriveKey(context, Blake3Backends.Best);

    internal static Blake3Hasher CreateKeyed(ReadOnlySpan<byte> key, Blake3Backend backend)
    {
        if (key.Length != Blake3Constants.KeyLength)
        {
            throw new ArgumentException($"A BLAKE3 key is exactly {Blake3Constants.KeyLength} bytes; this one has {key.Length}.", nameof(key));
        }
        return new Blake3Hasher(Blake3Words.FromBytes(key), Blake3Constants.KeyedHash, backend);
    }

    internal static Blake3Hasher CreateDeriveKey(string context, Blake3Backend backend)
    {
        ArgumentNullException.ThrowIfNull(context);
        var contextHasher = new Blake3Hasher(Blake3Words.Iv(), Blake3Constants.DeriveKeyContext, backend);
        contextHasher.Update(Encoding.UTF8.GetBytes(context));
        Span<byte> contextKey = stackalloc byte[Blake3Constants.KeyLength];
        contextHasher.Finalize(contextKey);
        return new Blake3Hasher(Blake3Words.FromBytes(contextKey), Blake3Constants.DeriveKeyMaterial, backend);
    }

    /// <summary>Forgets all input, keeping the mode and key.</summary>
    public void Reset()
    {
        _chunk = new Blake3ChunkState(_key, 0, _flags);
        _cvStackLength = 0;
    }

    /// <summary>Absorbs more input on the calling thread.</summary>
    public void Update(ReadOnlySpan<byte> input)
    {
        fixed (byte* pointer = input)
        {
            Update(pointer, input.Length);
        }
    }

    /// <summary>
    /// Absorbs <paramref name="length"/> bytes at <paramref name="input"/> (which may exceed 2 GiB, e.g. a memory
    /// mapped file) on the calling thread.
    /// </summary>
    internal void Update(byte* input, long length)
    {
        // Finish the chunk in progress first; it is only closed once we know more input follows it.
        if (_chunk.Length > 0)
        {
            var take = (int)Math.Min(Blake3Constants.ChunkLength - _chunk.Length, length);
            _chunk.Update(new ReadOnlySpan<byte>(input, take));
            input += take;
            length -= take;
            if (length == 0)
            {
                return;
            }
            CloseFullChunk();
        }

        var children = stackalloc byte[2 * Blake3Constants.OutputLength];

        // Whole subtrees straight from the input. Strictly more than a chunk must remain so that the last chunk
        // always stays in _chunk: it may turn out to be the root.
        while (length > Blake3Constants.ChunkLength)
        {
            var subtreeLength = SubtreeLength(length, _chunk.ChunkCounter);
            var subtreeChunks = (ulong)(subtreeLength / Blake3Constants.ChunkLength);
            if (subtreeLength <= Blake3Constants.ChunkLength)
            {
                var single = new Blake3ChunkState(_key, _chunk.ChunkCounter, _flags);
                single.Update(new ReadOnlySpan<byte>(input, (int)subtreeLength));
                PushChainingValue(single.Output().ChainingValue(), _chunk.ChunkCounter);
            }
            else
            {
                Blake3Subtree.ToParentNode(_backend, input, subtreeLength, _key, _chunk.ChunkCounter, _flags, children);
                PushChainingValue(Blake3Words.FromBytes(new ReadOnlySpan<byte>(children, Blake3Constants.OutputLength)), _chunk.ChunkCounter);
                PushChainingValue(Blake3Words.FromBytes(new ReadOnlySpan<byte>(children + Blake3Constants.OutputLength, Blake3Constants.OutputLength)),
                    _chunk.ChunkCounter + (subtreeChunks / 2));
            }
            _chunk.ChunkCounter += subtreeChunks;
            input += subtreeLength;
            length -= subtreeLength;
        }

        if (length > 0)
        {
            _chunk.Update(new ReadOnlySpan<byte>(input, (int)length));
            MergeChainingValues(_chunk.ChunkCounter);
        }
    }

    /// <summary>Closes the buffered chunk once it is full and more input is known to follow it.</summary>
    private void CloseFullChunk()
    {
        PushChainingValue(_chunk.Output().ChainingValue(), _chunk.ChunkCounter);
        _chunk = new Blake3ChunkState(_key, _chunk.ChunkCounter + 1, _flags);
    }

    /// <summary>
    /// Pushes the chaining value of a complete subtree hashed elsewhere (by a parallel worker): it must start at
    /// the hasher's next chunk (no chunk in progress), cover <paramref name="chunks"/> chunks (a power of two aligned to its start)
    /// and more input must follow it.
    /// </summary>
    private void PushSubtree(in Blake3Words chainingValue, ulong chunks)
    {
        PushChainingValue(chainingValue, _chunk.ChunkCounter);
        _chunk.ChunkCounter += chunks;
    }

    /// <summary>The SIMD backend this hasher compresses with.</summary>
    internal Blake3Backend Backend => _backend;

    /// <summary>Writes the first 32 bytes of output (the hash) and returns them.</summary>
    public byte[] Finalize()
    {
        var hash = new byte[Blake3Constants.OutputLength];
        Finalize(hash);
        return hash;
    }

    /// <summary>Fills <paramref name="destination"/> with output of any length; the hasher stays usable.</summary>
    public void Finalize(Span<byte> destination) => RootOutput().RootBytes(0, destination);

    /// <summary>A reader over the extended output (up to 2^64 bytes), from which any range can be read.</summary>
    public Blake3OutputReader FinalizeXof() => new(RootOutput());

    private Blake3Output RootOutput()
    {
        if (_cvStackLength == 0)
        {
            return _chunk.Output();
        }

        // Fold the stack from the top down into the root, without modifying it so Finalize can be called again.
        Blake3Output output;
        int remaining;
        if (_chunk.Length > 0)
        {
            output = _chunk.Output();
            remaining = _cvStackLength;
        }
        else
        {
            output = Blake3Output.Parent(StackEntry(_cvStackLength - 2), StackEntry(_cvStackLength - 1), _key, _flags);
            remaining = _cvStackLength - 2;
        }
        while (remaining > 0)
        {
            remaining--;
            output = Blake3Output.Parent(StackEntry(remaining), output.ChainingValue(), _key, _flags);
        }
        return output;
    }

    private void PushChainingValue(in Blake3Words cv, ulong chunkCounter)
    {
        MergeChainingValues(chunkCounter);
        cv.WriteTo(_cvStack.AsSpan(_cvStackLength * Blake3Constants.OutputLength, Blake3Constants.OutputLength));
        _cvStackLength++;
    }

    // After n chunks, the stack holds one entry per 1-bit of n: merge completed pairs until it does. Merging is
    // deferred until more input arrives, because the last pair might be the root's children.
    private void MergeChainingValues(ulong totalChunks)
    {
        var target = BitOperations.PopCount(totalChunks);
        while (_cvStackLength > target)
        {
            var parent = Blake3Output.Parent(StackEntry(_cvStackLength - 2), StackEntry(_cvStackLength - 1), _key, _flags).ChainingValue();
            _cvStackLength -= 2;
            parent.WriteTo(_cvStack.AsSpan(_cvStackLength * Blake3Constants.OutputLength, Blake3Constants.OutputLength));
            _cvStackLength++;
        }
    }

    private Blake3Words StackEntry(int index) => Blake3Words.FromBytes(_cvStack.AsSpan(index * Blake3Constants.OutputLength, Blake3Constants.OutputLength));

    // The largest power-of-two number of bytes that fits in the input and keeps the subtree aligned in the tree.
    private static long SubtreeLength(long length, ulong chunkCounter)
    {
        var subtree = 1L << (63 - BitOperations.LeadingZeroCount((ulong)length));
        var bytesSoFar = chunkCounter * Blake3Constants.ChunkLength;
        while ((((ulong)subtree - 1) & bytesSoFar) != 0)
        {
            subtree /= 2;
        }
        return subtree;
    }
}
