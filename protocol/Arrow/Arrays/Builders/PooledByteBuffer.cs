using System.Buffers;
using System.Runtime.InteropServices;

namespace Casparian.Protocol.Arrow.Arrays.Builders;

/// <summary>
/// A growable byte buffer rented from the shared pool. Appending a value writes it in place (no per-value
/// allocation); <see cref="Reset"/> keeps the memory for the next batch; <see cref="Dispose"/> returns it.
/// </summary>
public sealed class PooledByteBuffer : IDisposable
{
    /// <summary>The largest buffer a builder will grow to; Arrow buffers in IPC are addressed with 32-bit sizes here.</summary>
    public const int MaxLength = int.MaxValue - 64;

    private byte[] _bytes;

    public PooledByteBuffer(int initialCapacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(initialCapacity, MaxLength);
        _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(64, initialCapacity));
    }

    public int Length { get; private set; }

    /// <summary>The bytes written so far; valid until the next append, <see cref="Reset"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes.AsMemory(0, Length);

    public void Append<T>(T value) where T : unmanaged
    {
        var size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        MemoryMarshal.Write(Grow(size), in value);
    }

    public void Append(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Grow(bytes.Length));

    /// <summary>Reserves <paramref name="count"/> bytes at the end and returns them (zeroed) for the caller to fill.</summary>
    public Span<byte> Grow(int count)
    {
        EnsureCapacity((long)Length + count);
        var span = _bytes.AsSpan(Length, count);
        span.Clear();
        Length += count;
        return span;
    }

    /// <summary>Drops the last <paramref name="count"/> bytes reserved by <see cref="Grow"/> but not used.</summary>
    public void Shrink(int count) => Length -= count;

    public void EnsureCapacity(long capacity)
    {
        if (capacity > MaxLength)
        {
            throw new InvalidOperationException($"an Arrow buffer cannot grow beyond {MaxLength} bytes; start a new batch");
        }
        if (capacity <= _bytes.Length)
        {
            return;
        }
        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(MaxLength, Math.Max(capacity, _bytes.Length * 2L)));
        _bytes.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = bigger;
    }

    public void Reset() => Length = 0;

    public void Dispose()
    {
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }
        Length = 0;
    }
}
