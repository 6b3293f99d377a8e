using System.Security.Cryptography;
using Casparian.Native.Sodium.Interop;

namespace Casparian.Native.Sodium;

/// <summary>
/// An Ed25519 key pair. The secret key lives in a pinned array (the GC never leaves copies of it behind) and is zeroed
/// on <see cref="Dispose"/>; dispose a key pair as soon as it is no longer needed. Signing is thread-safe.
/// </summary>
public sealed class Ed25519KeyPair : IDisposable
{
    private readonly byte[] secretKey;
    private readonly byte[] publicKey;
    private bool disposed;

    private Ed25519KeyPair(byte[] secretKey, byte[] publicKey)
    {
        this.secretKey = secretKey;
        this.publicKey = publicKey;
    }

    /// <summary>The 32-byte public key.</summary>
    public ReadOnlySpan<byte> PublicKey => publicKey;

    /// <summary>Writes the 64-byte detached signature of <paramref name="message"/> into <paramref name="signature"/>.</summary>
    public unsafe void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (signature.Length < Ed25519.SignatureSize)
        {
            throw new ArgumentException($"The signature buffer must hold {Ed25519.SignatureSize} bytes, not {signature.Length}.", nameof(signature));
        }
        ulong written;
        int status;
        fixed (byte* text = message)
        fixed (byte* sig = signature)
        fixed (byte* key = secretKey)
        {
            status = SodiumNative.SignDetached(sig, &written, text, (ulong)message.Length, key);
        }
        if (status != 0 || written != Ed25519.SignatureSize)
        {
            throw new SodiumException($"crypto_sign_detached failed (status {status}, {written} bytes written); the key pair may be corrupt.");
        }
    }

    /// <summary>The 64-byte detached signature of <paramref name="message"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = new byte[Ed25519.SignatureSize];
        Sign(message, signature);
        return signature;
    }

    /// <summary>Copies the 32-byte seed (the RFC 8032 secret key) out, e.g. to store it; zero the copy after use.</summary>
    public void ExportSeed(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (destination.Length < Ed25519.SeedSize)
        {
            throw new ArgumentException($"The seed buffer must hold {Ed25519.SeedSize} bytes, not {destination.Length}.", nameof(destination));
        }
        secretKey.AsSpan(0, Ed25519.SeedSize).CopyTo(destination);
    }

    /// <summary>Zeroes the secret key when a key pair was never disposed (the array is still reachable here).</summary>
    ~Ed25519KeyPair() => CryptographicOperations.ZeroMemory(secretKey);

    /// <summary>Zeroes the secret key.</summary>
    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            CryptographicOperations.ZeroMemory(secretKey);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>libsodium's 64-byte secret key (seed ‖ public key), for tests that compare it with RFC 8032.</summary>
    internal ReadOnlySpan<byte> SecretKeyForTests
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return secretKey;
        }
    }

    internal static unsafe Ed25519KeyPair Derive(ReadOnlySpan<byte> seed)
    {
        SodiumLibrary.EnsureInitialized();
        var secret = GC.AllocateArray<byte>(Ed25519.SecretKeySize, pinned: true);
        var pub = new byte[Ed25519.PublicKeySize];
        int status;
        fixed (byte* seedBytes = seed)
        fixed (byte* secretBytes = secret)
        fixed (byte* publicBytes = pub)
        {
            status = SodiumNative.SignSeedKeyPair(publicBytes, secretBytes, seedBytes);
            if (status != 0)
            {
                SodiumNative.MemZero(secretBytes, (nuint)secret.Length);
            }
        }
        return status == 0 ? new Ed25519KeyPair(secret, pub) : throw new SodiumException($"crypto_sign_seed_keypair failed (status {status}).");
    }
}
