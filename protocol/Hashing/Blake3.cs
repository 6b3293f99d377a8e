namespace Casparian.Protocol.Hashing;

/// <summary>One-shot BLAKE3 (hash, keyed hash, derive key) at the widest SIMD width the CPU offers.</summary>
public static class Blake3
{
    /// <summary>Length in bytes of the default output.</summary>
    public const int HashLength = 32;

    /// <summary>The SIMD path chosen for this CPU (Vector512, Vector256, Vector128 or Scalar), for diagnostics.</summary>
    public static string SimdPath => Blake3Backends.Best.ToString();

    /// <summary>The 32-byte BLAKE3 hash of <paramref name="input"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> input)
    {
        var hasher = Blake3Hasher.Create();
        hasher.Update(input);
        return hasher.Finalize();
    }

    /// <summary>The 32-byte keyed hash of <paramref name="input"/> under a 32-byte <paramref name="key"/>.</summary>
    public static byte[] KeyedHash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input)
    {
        var hasher = Blake3Hasher.CreateKeyed(key);
        hasher.Update(input);
        return hasher.Finalize();
    }

    /// <summary>Derives a key of <paramref name="destination"/>'s length from key material under a fixed context string.</summary>
    public static void DeriveKey(string context, ReadOnlySpan<byte> keyMaterial, Span<byte> destination)
    {
        var hasher = Blake3Hasher.CreateDeriveKey(context);
        hasher.Update(keyMaterial);
        hasher.Finalize(destination);
    }
}
