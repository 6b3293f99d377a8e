using System.Runtime.InteropServices;

namespace Casparian.Native.DuckDb.Interop;

/// <summary>The appender: row-by-row values and whole data chunks.</summary>
internal static unsafe partial class DuckDbNative
{
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_appender_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState AppenderCreate(nint connection, string? schema, string table, out nint appender);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_appender_column_count")]
    internal static partial ulong AppenderColumnCount(nint appender);

    /// <summary>The returned logical type is owned by the caller (destroy it).</summary>
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_appender_column_type")]
    internal static partial nint AppenderColumnType(nint appender, ulong column);

    /// <summary>Returns a <c>duckdb_error_data</c> that must be destroyed with <see cref="DestroyErrorData"/>.</summary>
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_appender_error_data")]
    internal static partial nint AppenderErrorData(nint appender);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_error_data_message")]
    internal static partial nint ErrorDataMessage(nint errorData);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_error_data_error_type")]
    internal static partial DuckDbErrorType ErrorDataErrorType(nint errorData);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_destroy_error_data")]
    internal static partial void DestroyErrorData(ref nint errorData);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_appender_flush")]
    internal static partial DuckDbState AppenderFlush(nint appender);

    /// <summary>Discards rows appended but not yet flushed; the appender stays usable.</summary>
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_appender_clear")]
    internal static partial DuckDbState AppenderClear(nint appender);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_appender_close")]
    internal static partial DuckDbState AppenderClose(nint appender);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_appender_destroy")]
    internal static partial DuckDbState AppenderDestroy(ref nint appender);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_appender_end_row")]
    internal static partial DuckDbState AppenderEndRow(nint appender);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_append_bool")]
    internal static partial DuckDbState AppendBool(nint appender, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_append_int32")]
    internal static partial DuckDbState AppendInt32(nint appender, int value);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_append_int64")]
    internal static partial DuckDbState AppendInt64(nint appender, long value);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_append_uint64")]
    internal static partial DuckDbState AppendUInt64(nint appender, ulong value);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_append_double")]
    internal static partial DuckDbState AppendDouble(nint appender, double value);

    /// <summary><c>duckdb_timestamp</c> is a struct of one int64 (microseconds), passed by value like an int64.</summary>
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_append_timestamp")]
    internal static partial DuckDbState AppendTimestamp(nint appender, long micros);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_append_varchar_length")]
    internal static partial DuckDbState AppendVarcharLength(nint appender, byte* utf8, ulong length);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_append_blob")]
    internal static partial DuckDbState AppendBlob(nint appender, byte* data, ulong length);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_append_null")]
    internal static partial DuckDbState AppendNull(nint appender);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_append_data_chunk")]
    internal static partial DuckDbState AppendDataChunk(nint appender, nint chunk);
}
