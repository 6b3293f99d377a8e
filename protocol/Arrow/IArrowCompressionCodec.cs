using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow;

/// <summary>
/// One body compression codec (LZ4 frame or ZSTD). protocol/ stays free of native code, so the codecs are implemented
/// in native/Compression and handed to readers and writers by whoever composes them (the CLI, the worker).
/// </summary>
public interface IArrowCompressionCodec
{
    /// <summary>Which codec this is.</summary>
    ArrowCompression Kind { get; }

    /// <summary>The uncompressed size the compressed frame declares in its header, or null when it declares none.</summary>
    long? DeclaredContentLength(ReadOnlySpan<byte> compressed);

    /// <summary>Decompresses one whole frame; returns the bytes written, or -1 when the input is not a valid frame or does not fit.</summary>
    long Decompress(ReadOnlySpan<byte> compressed, Span<byte> destination);

    /// <summary>The largest compressed size of <paramref name="length"/> input bytes.</summary>
    long MaxCompressedLength(long length);

    /// <summary>Compresses <paramref name="source"/> into one frame; returns the bytes written.</summary>
    long Compress(ReadOnlySpan<byte> source, Span<byte> destination);
}
