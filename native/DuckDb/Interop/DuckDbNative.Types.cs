using System.Runtime.InteropServices;

namespace Casparian.Native.DuckDb.Interop;

/// <summary>Logical types: their ids, decimal width/scale/storage, creation for data chunks.</summary>
internal static unsafe partial class DuckDbNative
{
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_create_logical_type")]
    internal static partial nint CreateLogicalType(DuckDbType type);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_create_decimal_type")]
    internal static partial nint CreateDecimalType(byte width, byte scale);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_destroy_logical_type")]
    internal static partial void DestroyLogicalType(ref nint type);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_get_type_id")]
    internal static partial DuckDbType GetTypeId(nint type);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_decimal_width")]
    internal static partial byte DecimalWidth(nint type);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_decimal_scale")]
    internal static partial byte DecimalScale(nint type);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_decimal_internal_type")]
    internal static partial DuckDbType DecimalInternalType(nint type);
}
