using System.Buffers;
using System.Text.Json;
using Casparian.Protocol.Messages;

namespace Casparian.Protocol.Wire;

/// <summary>
/// Encodes messages into a reusable header and meta buffer, so a socket loop sends without allocating per message.
/// Like the socket it feeds, one instance belongs to one thread.
/// </summary>
public sealed class MessageWriter
{
    private readonly byte[] _header = new byte[FrameHeader.Size];
    private readonly ArrayBufferWriter<byte> _meta = new(512);
    private readonly Utf8JsonWriter _json;
    private readonly WireLimits _limits;

    public MessageWriter(WireLimits? limits = null)
    {
        _limits = limits ?? WireLimits.Default;
        _json = new Utf8JsonWriter(_meta, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>The header frame of the last <see cref="Write"/>.</summary>
    public ReadOnlySpan<byte> Header => _header;

    /// <summary>The meta frame of the last <see cref="Write"/>.</summary>
    public ReadOnlySpan<byte> Meta => _meta.WrittenSpan;

    /// <summary>Encodes <paramref name="message"/> about <paramref name="jobId"/>; read the frames from <see cref="Header"/> and <see cref="Meta"/>.</summary>
    public void Write(WireMessage message, ulong jobId = 0)
    {
        ArgumentNullException.ThrowIfNull(message);
        _meta.ResetWrittenCount();
        _json.Reset(_meta);
        MessageCodec.WriteMeta(message, _json);
        _json.Flush();
        if (_meta.WrittenCount > _limits.MaxMetaBytes)
        {
            throw new ProtocolException(ProtocolError.OversizeMeta, "meta",
                $"the {message.Opcode} meta is {_meta.WrittenCount} bytes, over the maximum of {_limits.MaxMetaBytes}");
        }
        FrameHeader.Create(message.Opcode, (uint)_meta.WrittenCount, jobId).Write(_header);
    }

    /// <summary>Encodes a message into freshly allocated frames (tests and low-rate paths).</summary>
    public static byte[][] ToFrames(WireMessage message, ulong jobId = 0, WireLimits? limits = null)
    {
        var writer = new MessageWriter(limits);
        writer.Write(message, jobId);
        return [writer.Header.ToArray(), writer.Meta.ToArray()];
    }
}
