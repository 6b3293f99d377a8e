using System.Runtime.Intrinsics.X86;

namespace Casparian.Protocol.Hashing;

/// <summary>
/// The widest many-lane compressor a hasher may use. Chosen at run time from the CPU; tests force each one the
/// machine supports so every path is checked against the official vectors.
/// </summary>
internal enum Blake3Backend
{
    /// <summary>One input at a time with the portable compression function.</summary>
    Scalar = 1,

    /// <summary>Four inputs at once (SSSE3).</summary>
    Vector128 = 4,

    /// <summary>Eight inputs at once (AVX2).</summary>
    Vector256 = 8,

    /// <summary>Sixteen inputs at once (AVX-512F).</summary>
    Vector512 = 16,
}

/// <summary>Which backends this CPU can run, and the fastest of them.</summary>
internal static class Blake3Backends
{
    /// <summary>The widest backend the CPU supports.</summary>
    public static Blake3Backend Best { get; } =
        Blake3Lanes512.IsSupported ? Blake3Backend.Vector512
        : Blake3Lanes256.IsSupported ? Blake3Backend.Vector256
        : Blake3Lanes128.IsSupported ? Blake3Backend.Vector128
        : Blake3Backend.Scalar;

    /// <summary>Whether <paramref name="backend"/> can run here.</summary>
    public static bool IsSupported(Blake3Backend backend) => backend switch
    {
        Blake3Backend.Scalar => true,
        Blake3Backend.Vector128 => Blake3Lanes128.IsSupported,
        Blake3Backend.Vector256 => Blake3Lanes256.IsSupported,
        Blake3Backend.Vector512 => Blake3Lanes512.IsSupported,
        _ => false,
    };

    /// <summary>How many chunks the backend compresses at once (its SIMD degree).</summary>
    public static int Degree(Blake3Backend backend) => (int)backend;

    /// <summary>Throws if <paramref name="backend"/> cannot run on this CPU, so a forced path never silently degrades.</summary>
    public static void EnsureSupported(Blake3Backend backend)
    {
        if (!IsSupported(backend))
        {
            throw new PlatformNotSupportedException(
                $"BLAKE3 backend {backend} needs CPU instructions this machine lacks (Avx512F={Avx512F.IsSupported}, Avx2={Avx2.IsSupported}, Ssse3={Ssse3.IsSupported}); choose {Best} or narrower.");
        }
    }
}
