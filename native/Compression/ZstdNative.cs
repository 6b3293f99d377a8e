using System.Runtime.InteropServices;

namespace Casparian.Native.Compression;

/// <summary>The one-shot ZSTD API of libzstd (zstd.h), as thin bindings.</summary>
internal static unsafe partial class ZstdNative
{
    /// <summary>ZSTD_CONTENTSIZE_UNKNOWN.</summary>
    public const ulong ContentSizeUnknown = ulong.MaxValue;

    /// <summary>ZSTD_CONTENTSIZE_ERROR.</summary>
    public const ulong ContentSizeError = ulong.MaxValue - 1;

    [LibraryImport(NativeLibraries.ZstdImport, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(NativeLibraries.ZstdImport, EntryPoint = "ZSTD_getFrameContentSize")]
    public static partial ulong GetFrameContentSize(byte* source, nuint sourceSize);

    [LibraryImport(NativeLibraries.ZstdImport, EntryPoint = "ZSTD_decompress")]
    public static partial nuint Decompress(byte* destination, nuint capacity, byte* source, nuint sourceSize);

    [LibraryImport(NativeLibraries.ZstdImport, EntryPoint = "ZSTD_compressBound")]
    public static partial nuint CompressBound(nuint sourceSize);

    [LibraryImport(NativeLibraries.ZstdImport, EntryPoint = "ZSTD_compress")]
    public static partial nuint Compress(byte* destination, nuint capacity, byte* source, nuint sourceSize, int level);
}
