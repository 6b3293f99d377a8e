using Casparian.Protocol.Arrow;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Native.Compression;

/// <summary>Arrow body compression with the LZ4 frame format (LZ4F_* functions of Debian's liblz4).</summary>
public sealed unsafe class Lz4FrameCodec : IArrowCompressionCodec
{
    public ArrowCompression Kind => ArrowCompression.Lz4Frame;

    public long? DeclaredContentLength(ReadOnlySpan<byte> compressed)
    {
        using var context = Lz4DecompressionContext.Create();
        fixed (byte* source = compressed)
        {
            var size = (nuint)compressed.Length;
            var code = Lz4Native.GetFrameInfo(context, out var info, source, ref size);
            // A frame header without a content size (or an unreadable one) declares nothing; decompression then decides.
            return Lz4Native.IsError(code) != 0 || info.ContentSize == 0 ? null : (long)info.ContentSize;
        }
    }

    public long Decompress(ReadOnlySpan<byte> compressed, Span<byte> destination)
    {
        using var context = Lz4DecompressionContext.Create();
        fixed (byte* source = compressed)
        fixed (byte* target = destination)
        {
            long read = 0;
            long written = 0;
            while (true)
            {
                var sourceSize = (nuint)(compressed.Length - read);
                var targetSize = (nuint)(destination.Length - written);
                var hint = Lz4Native.Decompress(context, target + written, ref targetSize, source + read, ref sourceSize, 0);
                if (Lz4Native.IsError(hint) != 0)
                {
                    return -1;
                }
                read += (long)sourceSize;
                written += (long)targetSize;
                if (hint == 0)
                {
                    return written;
                }
                if (sourceSize == 0 && targetSize == 0)
                {
                    return -1; // truncated frame, or more output than the destination holds
                }
            }
        }
    }

    public long MaxCompressedLength(long length)
    {
        var preferences = Preferences(length);
        return (long)Lz4Native.CompressFrameBound((nuint)length, in preferences);
    }

    public long Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var preferences = Preferences(source.Length);
        fixed (byte* from = source)
        fixed (byte* to = destination)
        {
            var written = Lz4Native.CompressFrame(to, (nuint)destination.Length, from, (nuint)source.Length, in preferences);
            if (Lz4Native.IsError(written) != 0)
            {
                throw new InvalidOperationException($"LZ4 frame compression of {source.Length} bytes failed; the destination of {destination.Length} bytes is too small");
            }
            return (long)written;
        }
    }

    // The content size goes into the frame header so readers can check a buffer's length prefix before allocating.
    private static Lz4Native.Preferences Preferences(long length) =>
        new() { FrameInfo = new Lz4Native.FrameInfo { ContentSize = (ulong)length } };
}
