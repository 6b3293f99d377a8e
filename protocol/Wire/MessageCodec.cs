using System.Text.Json;
using Casparian.Protocol.Messages;

namespace Casparian.Protocol.Wire;

/// <summary>
/// Turns ZeroMQ multipart frames (without the ROUTER's routing id) into typed messages and back. Every malformed input
/// raises <see cref="ProtocolException"/> and nothing else; lengths are checked against <see cref="WireLimits"/>
/// before any allocation.
/// </summary>
public static class MessageCodec
{
    /// <summary>Decodes <c>[header][meta][body…]</c>; a ROUTER passes its frames after the routing id as a slice.</summary>
    public static DecodedMessage Decode(ReadOnlySpan<ReadOnlyMemory<byte>> frames, WireLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (frames.Length < 2)
        {
            throw new ProtocolException(ProtocolError.MissingFrames, frames.Length == 0 ? "header" : "meta",
                $"a message has a header frame and a meta frame, this one has {frames.Length} frame(s)");
        }
        var bodyCount = frames.Length - 2;
        if (bodyCount > limits.MaxBodyFrames)
        {
            throw new ProtocolException(ProtocolError.TooManyFrames, "body", $"{bodyCount} body frames exceed the maximum of {limits.MaxBodyFrames}");
        }

        var header = FrameHeader.Read(frames[0].Span, limits);
        var meta = frames[1];
        if (meta.Length != header.MetaLength)
        {
            throw new ProtocolException(ProtocolError.MetaLengthMismatch, "header.meta_len",
                $"meta_len says {header.MetaLength} bytes but the meta frame has {meta.Length}");
        }

        long bodyBytes = 0;
        for (var i = 2; i < frames.Length; i++)
        {
            bodyBytes += frames[i].Length;
        }
        if (bodyBytes > limits.MaxBodyBytes)
        {
            throw new ProtocolException(ProtocolError.OversizeBody, "body", $"{bodyBytes} body bytes exceed the maximum of {limits.MaxBodyBytes}");
        }

        var message = DecodeMeta(header.Opcode, meta.Span);
        message.Validate();
        IReadOnlyList<ReadOnlyMemory<byte>> body = bodyCount == 0 ? [] : frames[2..].ToArray();
        return new DecodedMessage(header, message, body);
    }

    /// <summary>The one dispatch on opcode: which message type the meta frame holds.</summary>
    public static WireMessage DecodeMeta(Opcode opcode, ReadOnlySpan<byte> json)
    {
        try
        {
            WireMessage? message = opcode switch
            {
                Opcode.Identify => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.IdentifyMessage),
                Opcode.Dispatch => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.DispatchMessage),
                Opcode.Abort => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.AbortMessage),
                Opcode.Heartbeat => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.HeartbeatMessage),
                Opcode.Conclude => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.ConcludeMessage),
                Opcode.Err => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.ErrMessage),
                Opcode.Accept => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.AcceptMessage),
                Opcode.Progress => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.ProgressMessage),
                Opcode.Bye => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.ByeMessage),
                _ => throw new ProtocolException(ProtocolError.UnknownOpcode, "header.opcode", $"opcode {(byte)opcode} is not defined"),
            };
            return message ?? throw new ProtocolException(ProtocolError.InvalidJson, "meta", $"the meta of {opcode} must be a JSON object, not null");
        }
        catch (JsonException ex)
        {
            throw new ProtocolException(ProtocolError.InvalidJson, "meta", $"the meta of {opcode} is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>Serialises a message's meta to UTF-8 JSON.</summary>
    public static void WriteMeta(WireMessage message, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message)
        {
            case IdentifyMessage m: JsonSerializer.Serialize(writer, m, ProtocolJsonContext.Default.IdentifyMessage); break;
            case DispatchMessage m: JsonSerializer.Serialize(writer, m, ProtocolJsonContext.Default.DispatchMessage); break;
            case AbortMessage m: JsonSerializer.Serialize(writer, m, ProtocolJsonContext.Default.AbortMessage); break;
            case HeartbeatMessage m: JsonSerializer.Serialize(writer, m, ProtocolJsonContext.Default.HeartbeatMessage); break;
            case ConcludeMessage m: JsonSerializer.Serialize(writer, m, ProtocolJsonContext.Default.ConcludeMessage); break;
            case ErrMessage m: JsonSerializer.Serialize(writer, m, ProtocolJsonContext.Default.ErrMessage); break;
            case AcceptMessage m: JsonSerializer.Serialize(writer, m, ProtocolJsonContext.Default.AcceptMessage); break;
            case ProgressMessage m: JsonSerializer.Serialize(writer, m, ProtocolJsonContext.Default.ProgressMessage); break;
            case ByeMessage m: JsonSerializer.Serialize(writer, m, ProtocolJsonContext.Default.ByeMessage); break;
            default: throw new ArgumentException($"{message.GetType().Name} is not a wire message type", nameof(message));
        }
    }
}
