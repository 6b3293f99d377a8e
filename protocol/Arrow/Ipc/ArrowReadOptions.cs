using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Ipc;

/// <summary>Limits and codecs for reading Arrow IPC.</summary>
public sealed class ArrowReadOptions
{
    /// <summary>Codecs for compressed bodies; a compressed stream whose codec is missing fails with a clear message.</summary>
    public IReadOnlyList<IArrowCompressionCodec> Codecs { get; init; } = [];

    /// <summary>Largest metadata FlatBuffer accepted, so a corrupt length cannot make the reader allocate gigabytes.</summary>
    public int MaxMetadataLength { get; init; } = 64 << 20;

    /// <summary>Largest message body accepted from a <see cref="Stream"/> (in-memory input is bounded by its own size).</summary>
    public long MaxBodyLength { get; init; } = 1L << 31;

    /// <summary>Largest uncompressed size accepted for one compressed buffer.</summary>
    public long MaxDecompressedBufferLength { get; init; } = int.MaxValue;

    internal IArrowCompressionCodec Codec(ArrowCompression kind) =>
        Codecs.FirstOrDefault(c => c.Kind == kind)
        ?? throw new ArrowFormatException($"the stream is compressed with {kind} but no {kind} codec was given to the reader (the CLI and worker pass the native codecs)");
}
