using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Casparian.Protocol.Identity;

/// <summary>
/// Unambiguous encoding of several fields as one byte string: each field is its length as a little-endian 64-bit
/// integer followed by its bytes, so ("ab", "c") and ("a", "bc") never encode alike.
/// </summary>
internal sealed class KeyMaterial
{
    private readonly MemoryStream _bytes = new();

    /// <summary>A text field, in UTF-8 after NFC normalization.</summary>
    public KeyMaterial Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Field(Encoding.UTF8.GetBytes(UnicodeNfc.Normalize(value)));
    }

    /// <summary>A 32-byte hash field given as 64 lowercase hex digits, encoded as its 32 raw bytes.</summary>
    public KeyMaterial Hash(string fieldName, string hex) => Field(HashHex.ToBytes(fieldName, hex));

    public KeyMaterial Field(ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)value.Length);
        _bytes.Write(length);
        _bytes.Write(value);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();
}

/// <summary>The text form of every identity hash and key: 64 lowercase hex digits (32 bytes).</summary>
public static class HashHex
{
    /// <summary>Whether <paramref name="hex"/> is 64 lowercase hex digits.</summary>
    public static bool IsValid(string? hex) =>
        hex is { Length: 64 } && hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>Decodes a hash, naming <paramref name="fieldName"/> in the error when it is malformed.</summary>
    /// <exception cref="ArgumentException">Not 64 lowercase hex digits.</exception>
    public static byte[] ToBytes(string fieldName, string hex)
    {
        if (!IsValid(hex))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{fieldName} must be 64 lowercase hex digits (a 32-byte hash); got '{Shorten(hex)}'."), fieldName);
        }
        return Convert.FromHexString(hex);
    }

    private static string Shorten(string? value) => value is null ? "null" : value.Length <= 80 ? value : value[..80] + "...";
}
