using System.Runtime.InteropServices;

namespace Casparian.Native.DuckDb.Interop;

/// <summary>
/// Our declarations of the DuckDB C API (duckdb.h, v1.5.x). Handles are opaque pointers (<c>nint</c>); every
/// <c>const char*</c> the library returns is declared as <c>nint</c> and read with <see cref="Marshal.PtrToStringUTF8(nint)"/>,
/// because the string marshaller would try to free memory DuckDB owns. This part: config, database, connection.
/// </summary>
internal static unsafe partial class DuckDbNative
{
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_library_version")]
    internal static partial nint LibraryVersion();

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_create_config")]
    internal static partial DuckDbState CreateConfig(out nint config);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_set_config", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState SetConfig(nint config, string name, string option);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_destroy_config")]
    internal static partial void DestroyConfig(ref nint config);

    /// <summary><paramref name="error"/> is a <c>char*</c> owned by the caller: free it with <see cref="Free"/>.</summary>
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_open_ext", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState OpenExt(string? path, out nint database, nint config, out nint error);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_close")]
    internal static partial void Close(ref nint database);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_connect")]
    internal static partial DuckDbState Connect(nint database, out nint connection);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_disconnect")]
    internal static partial void Disconnect(ref nint connection);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_interrupt")]
    internal static partial void Interrupt(nint connection);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_free")]
    internal static partial void Free(nint pointer);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_vector_size")]
    internal static partial ulong VectorSize();

    /// <summary>Reads a NUL-terminated UTF-8 string DuckDB owns (never frees it); null pointer gives null.</summary>
    internal static string? ReadOwnedString(nint utf8) => utf8 == 0 ? null : Marshal.PtrToStringUTF8(utf8);
}
