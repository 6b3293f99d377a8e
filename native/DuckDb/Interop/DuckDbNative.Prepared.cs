using System.Runtime.InteropServices;

namespace Casparian.Native.DuckDb.Interop;

/// <summary>Prepared statements and their typed binds (parameter indexes are 1-based, as in the C API).</summary>
internal static unsafe partial class DuckDbNative
{
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_prepare", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState Prepare(nint connection, string sql, out nint statement);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_destroy_prepare")]
    internal static partial void DestroyPrepare(ref nint statement);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_prepare_error")]
    internal static partial nint PrepareError(nint statement);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_nparams")]
    internal static partial ulong ParameterCount(nint statement);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_clear_bindings")]
    internal static partial DuckDbState ClearBindings(nint statement);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_bind_boolean")]
    internal static partial DuckDbState BindBoolean(nint statement, ulong index, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_bind_int32")]
    internal static partial DuckDbState BindInt32(nint statement, ulong index, int value);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_bind_int64")]
    internal static partial DuckDbState BindInt64(nint statement, ulong index, long value);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_bind_uint64")]
    internal static partial DuckDbState BindUInt64(nint statement, ulong index, ulong value);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_bind_double")]
    internal static partial DuckDbState BindDouble(nint statement, ulong index, double value);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_bind_varchar_length")]
    internal static partial DuckDbState BindVarcharLength(nint statement, ulong index, byte* utf8, ulong length);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_bind_blob")]
    internal static partial DuckDbState BindBlob(nint statement, ulong index, byte* data, ulong length);

    /// <summary><c>duckdb_timestamp</c> is a struct of one int64 (microseconds), passed by value like an int64.</summary>
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_bind_timestamp")]
    internal static partial DuckDbState BindTimestamp(nint statement, ulong index, long micros);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_bind_decimal")]
    internal static partial DuckDbState BindDecimal(nint statement, ulong index, DuckDbDecimalStruct value);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_bind_null")]
    internal static partial DuckDbState BindNull(nint statement, ulong index);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_execute_prepared")]
    internal static partial DuckDbState ExecutePrepared(nint statement, DuckDbResultStruct* result);
}
