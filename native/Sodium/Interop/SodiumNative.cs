using System.Runtime.InteropServices;

namespace Casparian.Native.Sodium.Interop;

/// <summary>
/// Our declarations of the libsodium functions we use (sodium.h, crypto_sign.h of libsodium 1.0.18). C
/// <c>unsigned long long</c> is 64-bit and <c>size_t</c> is pointer-sized on every platform we run on.
/// </summary>
internal static unsafe partial class SodiumNative
{
    /// <summary>0 on first success, 1 if already initialised, -1 on failure.</summary>
    [LibraryImport(NativeLibraries.SodiumImport, EntryPoint = "sodium_init")]
    internal static partial int Init();

    [LibraryImport(NativeLibraries.SodiumImport, EntryPoint = "sodium_memzero")]
    internal static partial void MemZero(byte* buffer, nuint length);

    /// <summary>Derives the 32-byte public key and 64-byte secret key (seed ‖ public key) from a 32-byte seed.</summary>
    [LibraryImport(NativeLibraries.SodiumImport, EntryPoint = "crypto_sign_seed_keypair")]
    internal static partial int SignSeedKeyPair(byte* publicKey, byte* secretKey, byte* seed);

    [LibraryImport(NativeLibraries.SodiumImport, EntryPoint = "crypto_sign_detached")]
    internal static partial int SignDetached(byte* signature, ulong* signatureLength, byte* message, ulong messageLength, byte* secretKey);

    /// <summary>0 when the signature is valid, -1 otherwise.</summary>
    [LibraryImport(NativeLibraries.SodiumImport, EntryPoint = "crypto_sign_verify_detached")]
    internal static partial int VerifyDetached(byte* signature, byte* message, ulong messageLength, byte* publicKey);
}
