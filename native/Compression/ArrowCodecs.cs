using Casparian.Protocol.Arrow;

namespace Casparian.Native.Compression;

/// <summary>The body compression codecs Casparian ships, for composing Arrow readers and writers.</summary>
public static class ArrowCodecs
{
    /// <summary>LZ4 frame and ZSTD; loading either library fails with a message naming its install command.</summary>
    public static IReadOnlyList<IArrowCompressionCodec> All { get; } = [new Lz4FrameCodec(), new ZstdCodec()];
}
