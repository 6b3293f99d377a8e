using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Casparian.Native.Sodium.Interop;

namespace Casparian.Native.Sodium;

/// <summary>
/// Ed25519 signatures (RFC 8032) through libsodium: key pairs from 32-byte seeds, detached 64-byte signatures, and
/// verification. Used to sign plugin artifact hashes.
/// </summary>
public static class Ed25519
{
    public const int SeedSize = 32;
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;

    /// <summary>libsodium's secret key: the seed followed by the public key.</summary>
    internal const int SecretKeySize = 64;

    /// <summary>Derives the key pair of a 32-byte seed (the RFC 8032 "secret key").</summary>
    public static Ed25519KeyPair FromSeed(ReadOnlySpan<byte> seed)
    {
        CheckLength(seed, SeedSize, "seed");
        return Ed25519KeyPair.Derive(seed);
    }

    /// <summary>A key pair from a fresh random seed.</summary>
    public static Ed25519KeyPair Generate()
    {
        Span<byte> seed = stackalloc byte[SeedSize];
        try
        {
            RandomNumberGenerator.Fill(seed);
            return Ed25519KeyPair.Derive(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>
    /// True when <paramref name="signature"/> is a valid signature of <paramref name="message"/> by
    /// <paramref name="publicKey"/>. Wrong-sized keys or signatures are refused with <see cref="ArgumentException"/>.
    /// </summary>
    public static unsafe bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        CheckLength(publicKey, PublicKeySize, "public key");
        CheckLength(signature, SignatureSize, "signature");
        SodiumLibrary.EnsureInitialized();
        fixed (byte* key = publicKey)
        fixed (byte* text = message)
        fixed (byte* sig = signature)
        {
            return SodiumNative.VerifyDetached(sig, text, (ulong)message.Length, key) == 0;
        }
    }

    internal static void CheckLength(ReadOnlySpan<byte> value, int expected, string what, [CallerArgumentExpression(nameof(value))] string? parameter = null)
    {
        if (value.Length != expected)
        {
            throw new ArgumentException($"An Ed25519 {what} is {expected} bytes, but {value.Length} were given.", parameter);
        }
    }
}
