using System.Buffers;
using System.Text.Json;

namespace Casparian.Protocol.Plugins.ControlFrames;

/// <summary>
/// Writes control frames as NDJSON (one frame per line, flushed at once so the host sees it before any stdout bytes
/// that follow it). For plugins written in .NET and for tests. Frames longer than
/// <see cref="ControlFrameParser.MaxLineBytes"/> are refused rather than sent, since the host would reject them.
/// </summary>
public sealed class ControlFrameWriter
{
    private readonly Stream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Lock _lock = new();

    /// <summary>Writes to <paramref name="stream"/> (a plugin's stderr); the stream is not closed.</summary>
    public ControlFrameWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>The frame as its line, without the newline.</summary>
    public static byte[] Serialize(ControlFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return JsonSerializer.SerializeToUtf8Bytes(frame, ControlFramesJsonContext.Default.ControlFrame);
    }

    /// <exception cref="ArgumentException">The frame is longer than a control frame may be.</exception>
    public void Write(ControlFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_lock)
        {
            _buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(_buffer))
            {
                JsonSerializer.Serialize(json, frame, ControlFramesJsonContext.Default.ControlFrame);
            }
            if (_buffer.WrittenCount > ControlFrameParser.MaxLineBytes)
            {
                throw new ArgumentException(
                    $"a {frame.GetType().Name} of {_buffer.WrittenCount} bytes exceeds the {ControlFrameParser.MaxLineBytes}-byte frame limit; shorten its text", nameof(frame));
            }
            _buffer.Write("\n"u8);
            _stream.Write(_buffer.WrittenSpan);
            _stream.Flush();
        }
    }
}
