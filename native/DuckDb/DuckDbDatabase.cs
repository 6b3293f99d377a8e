using System.Globalization;
using Casparian.Native.DuckDb.Interop;

namespace Casparian.Native.DuckDb;

/// <summary>
/// An open DuckDB database (a file, or in memory). Thread-safe; open one <see cref="DuckDbConnection"/> per thread.
/// Disposing it while connections are still open is safe: the database closes when the last of them is disposed.
/// </summary>
public sealed class DuckDbDatabase : IDisposable
{
    // These must stay off whatever the caller passes: DuckDB would otherwise download and run extension code on demand.
    private static readonly KeyValuePair<string, string>[] ExtensionLockdown =
    [
        new("autoinstall_known_extensions", "false"),
        new("autoload_known_extensions", "false"),
    ];

    private readonly DuckDbDatabaseHandle handle;

    private DuckDbDatabase(DuckDbDatabaseHandle handle, string path)
    {
        this.handle = handle;
        Path = path;
    }

    /// <summary>The file path, or ":memory:".</summary>
    public string Path { get; }

    /// <summary>The version of the loaded libduckdb, e.g. "v1.5.6".</summary>
    public static string LibraryVersion => DuckDbNative.ReadOwnedString(DuckDbNative.LibraryVersion()) ?? "unknown";

    /// <summary>
    /// Opens (creating if needed) the database at <paramref name="path"/>, or an in-memory one for null or ":memory:".
    /// </summary>
    public static DuckDbDatabase Open(string? path = null, DuckDbOpenOptions? options = null)
    {
        options ??= new DuckDbOpenOptions();
        var displayPath = string.IsNullOrEmpty(path) ? ":memory:" : path;
        var settings = BuildSettings(options);

        if (DuckDbNative.CreateConfig(out var config) != DuckDbState.Success)
        {
            DuckDbNative.DestroyConfig(ref config);
            throw new DuckDbException($"creating the configuration to open '{displayPath}' (out of memory?)", duckDbMessage: null);
        }
        try
        {
            foreach (var (name, value) in settings)
            {
                if (DuckDbNative.SetConfig(config, name, value) != DuckDbState.Success)
                {
                    // duckdb_set_config gives no error text, so the operation says what to check.
                    throw new DuckDbException(
                        $"setting option '{name}' = '{value}' to open '{displayPath}' (the name is unknown or the value invalid; see SELECT * FROM duckdb_settings())",
                        null,
                        DuckDbErrorType.InvalidConfiguration);
                }
            }
            var state = DuckDbNative.OpenExt(path, out var database, config, out var error);
            if (state != DuckDbState.Success)
            {
                string? message = null;
                if (error != 0)
                {
                    message = DuckDbNative.ReadOwnedString(error);
                    DuckDbNative.Free(error);
                }
                if (database != 0)
                {
                    DuckDbNative.Close(ref database);
                }
                throw new DuckDbException($"opening database '{displayPath}'", message);
            }
            return new DuckDbDatabase(DuckDbDatabaseHandle.Adopt(database), displayPath);
        }
        finally
        {
            DuckDbNative.DestroyConfig(ref config);
        }
    }

    /// <summary>Opens a new connection; each connection is used by one thread at a time.</summary>
    public DuckDbConnection Connect()
    {
        ObjectDisposedException.ThrowIf(handle.IsDisposed, this);
        var state = DuckDbState.Error;
        var connection = DuckDbConnectionHandle.Adopt(handle, database =>
        {
            state = DuckDbNative.Connect(database, out var raw);
            return state == DuckDbState.Success ? raw : 0;
        });
        if (state != DuckDbState.Success || connection.IsInvalid)
        {
            throw new DuckDbException($"connecting to database '{Path}'", null, DuckDbErrorType.Connection);
        }
        return new DuckDbConnection(connection);
    }

    public void Dispose() => handle.Dispose();

    private static List<KeyValuePair<string, string>> BuildSettings(DuckDbOpenOptions options)
    {
        var settings = new List<KeyValuePair<string, string>>(ExtensionLockdown);
        if (options.ReadOnly)
        {
            settings.Add(new("access_mode", "READ_ONLY"));
        }
        if (options.Threads is { } threads)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(options));
            settings.Add(new("threads", threads.ToString(CultureInfo.InvariantCulture)));
        }
        if (options.MemoryLimit is { } memoryLimit)
        {
            settings.Add(new("memory_limit", memoryLimit));
        }
        foreach (var (name, value) in options.Settings)
        {
            if (ExtensionLockdown.Any(l => string.Equals(l.Key, name, StringComparison.OrdinalIgnoreCase)) &&
                !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException(
                    $"DuckDB option '{name}' cannot be enabled: Casparian never auto-installs or auto-loads extensions. Load a vetted extension explicitly instead.",
                    nameof(options));
            }
            settings.Add(new(name, value));
        }
        return settings;
    }
}
