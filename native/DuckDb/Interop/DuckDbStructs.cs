using System.Runtime.InteropServices;

namespace Casparian.Native.DuckDb.Interop;

/// <summary><c>duckdb_state</c>: every fallible C API call returns one.</summary>
internal enum DuckDbState
{
    Success = 0,
    Error = 1,
}

/// <summary>
/// <c>duckdb_result</c> (48 bytes on 64-bit). Its fields are deprecated and never read here; the struct exists because
/// the caller owns its storage and <c>duckdb_fetch_chunk</c> takes it by value.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbResultStruct
{
    public ulong DeprecatedColumnCount;
    public ulong DeprecatedRowCount;
    public ulong DeprecatedRowsChanged;
    public nint DeprecatedColumns;
    public nint DeprecatedErrorMessage;
    public nint InternalData;
}

/// <summary><c>duckdb_hugeint</c>: value = upper * 2^64 + lower.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbHugeIntStruct
{
    public ulong Lower;
    public long Upper;
}

/// <summary><c>duckdb_decimal</c>: width and scale, unscaled value in a hugeint (8-byte aligned, 24 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbDecimalStruct
{
    public byte Width;
    public byte Scale;
    public DuckDbHugeIntStruct Value;
}

/// <summary>
/// <c>duckdb_string_t</c> (16 bytes): a 4-byte length, then either up to 12 inlined bytes or a 4-byte prefix and a
/// pointer to the bytes. Strings of at most <see cref="InlineLength"/> bytes are inlined.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct DuckDbStringStruct
{
    public const int InlineLength = 12;

    /// <summary>Bytes of a non-inlined string repeated after the length, so comparisons can often skip the pointer.</summary>
    public const int PrefixLength = 4;

    [FieldOffset(0)] public uint Length;
    [FieldOffset(8)] public nint Pointer;
}
