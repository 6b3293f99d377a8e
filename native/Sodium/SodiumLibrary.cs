using Casparian.Native.Sodium.Interop;

namespace Casparian.Native.Sodium;

/// <summary>Initialises libsodium exactly once per process, before the first call that needs it.</summary>
internal static class SodiumLibrary
{
    private static readonly Lazy<bool> Initialized = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Throws <see cref="SodiumException"/> if libsodium cannot be initialised (e.g. no entropy source).</summary>
    internal static void EnsureInitialized() => _ = Initialized.Value;

    private static bool Initialize()
    {
        var status = SodiumNative.Init();
        return status >= 0
            ? true
            : throw new SodiumException("sodium_init failed (libsodium could not initialise; check that /dev/urandom is readable).");
    }
}
