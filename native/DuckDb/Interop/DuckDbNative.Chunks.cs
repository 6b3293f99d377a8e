using System.Runtime.InteropServices;

namespace Casparian.Native.DuckDb.Interop;

/// <summary>Data chunks, vectors and validity masks (the columnar read and bulk-append paths).</summary>
internal static unsafe partial class DuckDbNative
{
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_create_data_chunk")]
    internal static partial nint CreateDataChunk(nint* types, ulong columnCount);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_destroy_data_chunk")]
    internal static partial void DestroyDataChunk(ref nint chunk);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_data_chunk_reset")]
    internal static partial void DataChunkReset(nint chunk);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_data_chunk_get_column_count")]
    internal static partial ulong DataChunkColumnCount(nint chunk);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_data_chunk_get_vector")]
    internal static partial nint DataChunkVector(nint chunk, ulong column);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_data_chunk_get_size")]
    internal static partial ulong DataChunkSize(nint chunk);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_data_chunk_set_size")]
    internal static partial void DataChunkSetSize(nint chunk, ulong size);

    /// <summary>The returned logical type is owned by the caller (destroy it).</summary>
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_vector_get_column_type")]
    internal static partial nint VectorColumnType(nint vector);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_vector_get_data")]
    internal static partial void* VectorData(nint vector);

    /// <summary>May return null when every value is valid.</summary>
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_vector_get_validity")]
    internal static partial ulong* VectorValidity(nint vector);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_vector_ensure_validity_writable")]
    internal static partial void VectorEnsureValidityWritable(nint vector);

    /// <summary>Copies the bytes into the vector's string heap; VARCHAR input is validated as UTF-8 (invalid gives NULL).</summary>
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_vector_assign_string_element_len")]
    internal static partial void VectorAssignStringElementLength(nint vector, ulong index, byte* data, ulong length);

    /// <summary>Makes the vector a constant vector holding a copy of <paramref name="value"/> (every row reads it).</summary>
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_vector_reference_value")]
    internal static partial void VectorReferenceValue(nint vector, nint value);

    /// <summary>A VARCHAR <c>duckdb_value</c> (owned: destroy it), or 0 when the bytes are not valid UTF-8.</summary>
    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_create_varchar_length")]
    internal static partial nint CreateVarcharLength(byte* text, ulong length);

    [LibraryImport(NativeLibraries.DuckDbImport, EntryPoint = "duckdb_destroy_value")]
    internal static partial void DestroyValue(ref nint value);
}
