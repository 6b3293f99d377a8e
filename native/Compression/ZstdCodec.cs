using Casparian.Protocol.Arrow;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Native.Compression;

/// <summary>Arrow body compression with ZSTD (one-shot functions of Debian's libzstd).</summary>
public sealed unsafe class ZstdCodec(int level = 1) : IArrowCompressionCodec
{
    public ArrowCompression Kind => ArrowCompression.Zstd;

    public long? DeclaredContentLength(ReadOnlySpan<byte> compressed)
    {
        fixed (byte* source = compressed)
        {
            var size = ZstdNative.GetFrameContentSize(source, (nuint)compressed.Length);
            return size is ZstdNative.ContentSizeUnknown or ZstdNative.ContentSizeError || size > long.MaxValue ? null : (long)size;
        }
    }

    public long Decompress(ReadOnlySpan<byte> compressed, Span<byte> destination)
    {
        fixed (byte* source = compressed)
        fixed (byte* target = destination)
        {
            var written = ZstdNative.Decompress(target, (nuint)destination.Length, source, (nuint)compressed.Length);
            return ZstdNative.IsError(written) != 0 ? -1 : (long)written;
        }
    }

    public long MaxCompressedLength(long length) => (long)ZstdNative.CompressBound((nuint)length);

    public long Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* from = source)
        fixed (byte* to = destination)
        {
            var written = ZstdNative.Compress(to, (nuint)destination.Length, from, (nuint)source.Length, level);
            if (ZstdNative.IsError(written) != 0)
            {
                throw new InvalidOperationException($"ZSTD compression of {source.Length} bytes failed; the destination of {destination.Length} bytes is too small");
            }
            return (long)written;
        }
    }
}
