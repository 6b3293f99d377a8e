using System.Text;
using System.Text.Json;

namespace Casparian.Protocol.Plugins.ControlFrames;

/// <summary>
/// Parses one stderr line of a plugin into its <see cref="ControlFrame"/>. Everything that is not a well-formed frame
/// of a known type (not JSON, no <c>type</c>, an unknown type, a missing, null or mistyped field, a negative count,
/// a line over <see cref="MaxLineBytes"/>) raises <see cref="ControlFrameException"/> and nothing else.
/// </summary>
public static class ControlFrameParser
{
    /// <summary>Longest control frame line, without its newline.</summary>
    public const int MaxLineBytes = 64 * 1024;

    private const int QuotedBytes = 200;

    public static ControlFrame Parse(ReadOnlySpan<byte> line)
    {
        if (line.Length > MaxLineBytes)
        {
            throw new ControlFrameException($"a control frame line has {line.Length} bytes, more than the limit of {MaxLineBytes}; write shorter frames (truncate raw values in row_error)");
        }
        string type;
        try
        {
            type = ReadType(line);
        }
        catch (JsonException ex)
        {
            throw new ControlFrameException($"stderr line is not a JSON object ({ex.Message}): {Quote(line)}; write only NDJSON control frames to stderr", ex);
        }
        ControlFrame? frame;
        try
        {
            // The one dispatch on frame type; anything else is a bad frame.
            frame = type switch
            {
                ControlFrameTypes.Hello => JsonSerializer.Deserialize(line, ControlFramesJsonContext.Default.HelloFrame),
                ControlFrameTypes.OutputBegin => JsonSerializer.Deserialize(line, ControlFramesJsonContext.Default.OutputBeginFrame),
                ControlFrameTypes.OutputEnd => JsonSerializer.Deserialize(line, ControlFramesJsonContext.Default.OutputEndFrame),
                ControlFrameTypes.Progress => JsonSerializer.Deserialize(line, ControlFramesJsonContext.Default.ProgressFrame),
                ControlFrameTypes.Warning => JsonSerializer.Deserialize(line, ControlFramesJsonContext.Default.WarningFrame),
                ControlFrameTypes.RowError => JsonSerializer.Deserialize(line, ControlFramesJsonContext.Default.RowErrorFrame),
                ControlFrameTypes.Error => JsonSerializer.Deserialize(line, ControlFramesJsonContext.Default.ErrorFrame),
                _ => throw new ControlFrameException(
                    $"unknown control frame type '{type}': {Quote(line)}; the types are hello, output_begin, output_end, progress, warning, row_error and error"),
            };
        }
        catch (JsonException ex)
        {
            throw new ControlFrameException($"'{type}' frame has a missing or mistyped field ({ex.Message}): {Quote(line)}", ex);
        }
        return Validated(frame ?? throw new ControlFrameException($"'{type}' frame is null: {Quote(line)}"), line);
    }

    /// <summary>The first bytes of a line as text, for messages.</summary>
    public static string Quote(ReadOnlySpan<byte> line) =>
        line.Length <= QuotedBytes ? Encoding.UTF8.GetString(line) : Encoding.UTF8.GetString(line[..QuotedBytes]) + "…";

    /// <summary>The value of the top-level <c>type</c> property; the whole line must be one JSON object.</summary>
    private static string ReadType(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 4 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ControlFrameException($"stderr line is not a JSON object: {Quote(line)}; write only NDJSON control frames to stderr");
        }
        string? type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                type = reader.GetString();
            }
            reader.Skip();
        }
        // Anything but whitespace after the object makes this throw: one frame per line.
        _ = reader.Read();
        return type ?? throw new ControlFrameException($"control frame has no string field 'type': {Quote(line)}");
    }

    private static ControlFrame Validated(ControlFrame frame, ReadOnlySpan<byte> line)
    {
        var problem = frame switch
        {
            HelloFrame h when string.IsNullOrEmpty(h.Plugin) || string.IsNullOrEmpty(h.Version) => "hello needs a non-empty plugin and version",
            OutputBeginFrame b when string.IsNullOrEmpty(b.Output) || string.IsNullOrEmpty(b.SchemaHash) => "output_begin needs a non-empty output and schema_hash",
            OutputEndFrame e when string.IsNullOrEmpty(e.Output) || e.Rows < 0 => "output_end needs a non-empty output and rows >= 0",
            ProgressFrame p when p.Rows < 0 || p.Bytes < 0 => "progress needs rows >= 0 and bytes >= 0",
            RowErrorFrame r when string.IsNullOrEmpty(r.Output) || string.IsNullOrEmpty(r.Reason) => "row_error needs a non-empty output and reason",
            RowErrorFrame { Line: < 1 } => "row_error's line is 1-based",
            ErrorFrame e when string.IsNullOrEmpty(e.Code) => "error needs a non-empty code",
            _ => null,
        };
        return problem is null ? frame : throw new ControlFrameException($"{problem}: {Quote(line)}");
    }
}
