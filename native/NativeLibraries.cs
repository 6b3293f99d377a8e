using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Casparian.Native;

/// <summary>The native libraries Casparian binds to.</summary>
public enum NativeLib
{
    ZeroMq,
    DuckDb,
    Sodium,
    Lz4,
    Zstd,
}

/// <summary>
/// Resolves the native libraries of this assembly's P/Invoke declarations. A library that cannot be loaded fails with one
/// <see cref="NativeLibraryMissingException"/> naming it and the command that installs it, instead of a bare
/// <see cref="DllNotFoundException"/> deep inside a call.
/// </summary>
public static class NativeLibraries
{
    // The names used in [DllImport]/[LibraryImport] attributes; the resolver maps them to real files.
    internal const string ZeroMqImport = "casparian-zmq";
    internal const string DuckDbImport = "casparian-duckdb";
    internal const string SodiumImport = "casparian-sodium";
    internal const string Lz4Import = "casparian-lz4";
    internal const string ZstdImport = "casparian-zstd";

    private static readonly ConcurrentDictionary<NativeLib, nint> Loaded = new();

    private sealed record Spec(string[] Candidates, string InstallHint);

    private static Spec SpecOf(NativeLib lib) => lib switch
    {
        NativeLib.ZeroMq => new(["libzmq.so.5"], "apt-get install -y libzmq5"),
        NativeLib.DuckDb => new(["libduckdb.so"], "eng/deps.sh (fetches the pinned @duckdb/node-bindings-linux-x64 and copies libduckdb.so next to the assemblies)"),
        NativeLib.Sodium => new(["libsodium.so.23"], "apt-get install -y libsodium23"),
        NativeLib.Lz4 => new(["liblz4.so.1"], "apt-get install -y liblz4-1"),
        NativeLib.Zstd => new(["libzstd.so.1"], "apt-get install -y libzstd1"),
        _ => throw new ArgumentOutOfRangeException(nameof(lib), lib, null),
    };

    // The resolver must be installed before the first P/Invoke of this assembly, whichever process loads it;
    // a library has no Main, so a module initializer is the one place that always runs first.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
    {
        ZeroMqImport => Load(NativeLib.ZeroMq),
        DuckDbImport => Load(NativeLib.DuckDb),
        SodiumImport => Load(NativeLib.Sodium),
        Lz4Import => Load(NativeLib.Lz4),
        ZstdImport => Load(NativeLib.Zstd),
        _ => 0,
    };

    /// <summary>Loads a library now (or returns the cached handle); throws <see cref="NativeLibraryMissingException"/> if it is missing.</summary>
    public static nint Load(NativeLib lib) => Loaded.GetOrAdd(lib, static l =>
    {
        var spec = SpecOf(l);
        return LoadFirst(spec.Candidates, spec.InstallHint);
    });

    /// <summary>Loads the first candidate that exists next to the assemblies or on the loader path.</summary>
    internal static nint LoadFirst(string[] candidates, string installHint)
    {
        string? lastError = null;
        foreach (var candidate in candidates)
        {
            // Next to the assemblies first (where the build puts libduckdb.so), then the system loader path.
            var local = Path.Combine(AppContext.BaseDirectory, candidate);
            if (File.Exists(local) && NativeLibrary.TryLoad(local, out var handle))
            {
                return handle;
            }
            try
            {
                return NativeLibrary.Load(candidate);
            }
            catch (DllNotFoundException ex)
            {
                lastError = ex.Message;
            }
        }
        throw new NativeLibraryMissingException(candidates[0], installHint, lastError);
    }

    /// <summary>Checks that every listed library loads; used at start-up so a missing one fails at once with a clear message.</summary>
    public static void EnsureLoaded(params NativeLib[] libs)
    {
        ArgumentNullException.ThrowIfNull(libs);
        foreach (var lib in libs)
        {
            Load(lib);
        }
    }
}
