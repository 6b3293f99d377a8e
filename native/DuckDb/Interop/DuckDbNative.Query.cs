using System.Runtime.InteropServices;

namespace Casparian.Native.DuckDb.Interop;

/// <summary>Queries and materialized results (duckdb_query, duckdb_result accessors, duckdb_fetch_chunk).</summary>
internal static unsafe partial class DuckDbNative
{
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_query", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState Query(nint connection, string sql, DuckDbResultStruct* result);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_destroy_result")]
    internal static partial void DestroyResult(DuckDbResultStruct* result);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_result_error")]
    internal static partial nint ResultError(DuckDbResultStruct* result);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_result_error_type")]
    internal static partial DuckDbErrorType ResultErrorType(DuckDbResultStruct* result);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_column_count")]
    internal static partial ulong ColumnCount(DuckDbResultStruct* result);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_column_name")]
    internal static partial nint ColumnName(DuckDbResultStruct* result, ulong column);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_column_logical_type")]
    internal static partial nint ColumnLogicalType(DuckDbResultStruct* result, ulong column);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_rows_changed")]
    internal static partial ulong RowsChanged(DuckDbResultStruct* result);

    /// <summary>Takes the result struct by value (as the C API does); returns 0 when the result is exhausted.</summary>
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_fetch_chunk")]
    internal static partial nint FetchChunk(DuckDbResultStruct result);
}
