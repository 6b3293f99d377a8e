using System.Runtime.InteropServices;

namespace Casparian.Native.Compression;

/// <summary>The LZ4 frame API of liblz4 (lz4frame.h), as thin bindings.</summary>
internal static unsafe partial class Lz4Native
{
    /// <summary>LZ4F_VERSION: the API version the context functions expect.</summary>
    public const uint Version = 100;

    /// <summary>LZ4F_frameInfo_t (lz4frame.h), 32 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct FrameInfo
    {
        public int BlockSizeId;
        public int BlockMode;
        public int ContentChecksumFlag;
        public int FrameType;
        public ulong ContentSize;
        public uint DictId;
        public int BlockChecksumFlag;
    }

    /// <summary>LZ4F_preferences_t (lz4frame.h), 56 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Preferences
    {
        public FrameInfo FrameInfo;
        public int CompressionLevel;
        public uint AutoFlush;
        public uint FavorDecSpeed;
        public uint Reserved0;
        public uint Reserved1;
        public uint Reserved2;
    }

    [LibraryImport(NativeLibraries.Lz4Import, EntryPoint = "LZ4F_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(NativeLibraries.Lz4Import, EntryPoint = "LZ4F_createDecompressionContext")]
    public static partial nuint CreateDecompressionContext(out nint context, uint version);

    [LibraryImport(NativeLibraries.Lz4Import, EntryPoint = "LZ4F_freeDecompressionContext")]
    public static partial nuint FreeDecompressionContext(nint context);

    [LibraryImport(NativeLibraries.Lz4Import, EntryPoint = "LZ4F_getFrameInfo")]
    public static partial nuint GetFrameInfo(Lz4DecompressionContext context, out FrameInfo info, byte* source, ref nuint sourceSize);

    [LibraryImport(NativeLibraries.Lz4Import, EntryPoint = "LZ4F_decompress")]
    public static partial nuint Decompress(Lz4DecompressionContext context, byte* destination, ref nuint destinationSize, byte* source, ref nuint sourceSize, nint options);

    [LibraryImport(NativeLibraries.Lz4Import, EntryPoint = "LZ4F_compressFrameBound")]
    public static partial nuint CompressFrameBound(nuint sourceSize, in Preferences preferences);

    [LibraryImport(NativeLibraries.Lz4Import, EntryPoint = "LZ4F_compressFrame")]
    public static partial nuint CompressFrame(byte* destination, nuint capacity, byte* source, nuint sourceSize, in Preferences preferences);
}

/// <summary>Owns one LZ4F decompression context.</summary>
internal sealed class Lz4DecompressionContext : SafeHandle
{
    public Lz4DecompressionContext() : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    public static Lz4DecompressionContext Create()
    {
        var code = Lz4Native.CreateDecompressionContext(out var context, Lz4Native.Version);
        if (Lz4Native.IsError(code) != 0)
        {
            throw new InvalidOperationException("liblz4 could not create a decompression context (out of memory?)");
        }
        var handle = new Lz4DecompressionContext();
        handle.SetHandle(context);
        return handle;
    }

    protected override bool ReleaseHandle()
    {
        Lz4Native.FreeDecompressionContext(handle);
        return true;
    }
}
