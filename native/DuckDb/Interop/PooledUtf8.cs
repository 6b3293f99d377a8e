using System.Buffers;
using System.Text;

namespace Casparian.Native.DuckDb.Interop;

/// <summary>
/// A string encoded as UTF-8 for one native call: in the caller's stack buffer when it fits, else in a pooled array
/// that <see cref="Dispose"/> returns. Lengths are checked against <see cref="MaxBytes"/> before anything is rented.
/// </summary>
internal ref struct PooledUtf8
{
    /// <summary>The largest value we hand to DuckDB in one piece (a .NET span is limited to 2 GiB; we stop at 1 GiB).</summary>
    internal const int MaxBytes = 1 << 30;

    private byte[]? rented;

    internal PooledUtf8(string value, Span<byte> stackBuffer, string what)
    {
        // GetMaxByteCount is cheap and avoids a full pass for small strings; exact count only when it could matter.
        var bound = (long)value.Length * 3;
        var byteCount = bound <= stackBuffer.Length ? -1 : Encoding.UTF8.GetByteCount(value);
        if (byteCount > MaxBytes)
        {
            throw new ArgumentException(
                $"{what} is {byteCount} bytes of UTF-8, more than the {MaxBytes}-byte limit for one value; split it or stream it from a file.",
                nameof(value));
        }
        Span<byte> target = byteCount < 0 || byteCount <= stackBuffer.Length
            ? stackBuffer
            : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        Bytes = target[..Encoding.UTF8.GetBytes(value, target)];
    }

    /// <summary>The encoded bytes (not NUL-terminated; pass the length explicitly).</summary>
    internal ReadOnlySpan<byte> Bytes { get; }

    public void Dispose()
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
            rented = null;
        }
    }
}
