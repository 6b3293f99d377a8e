namespace Casparian.Protocol.Arrow.Ipc;

/// <summary>How Arrow IPC is written.</summary>
public sealed class ArrowWriteOptions
{
    /// <summary>Compress every body buffer with this codec (LZ4 frame or ZSTD); null writes uncompressed bodies.</summary>
    public IArrowCompressionCodec? Codec { get; init; }
}

/// <summary>Writes record batches (stream or file format).</summary>
public interface IArrowBatchWriter : IDisposable
{
    /// <summary>Writes one batch, after any dictionary its columns refer to that was not written yet.</summary>
    void Write(Arrays.RecordBatch batch);
}
