using System.Text.Json.Serialization;

namespace Casparian.Protocol.Plugins.ControlFrames;

/// <summary>
/// One NDJSON control frame a plugin writes to stderr (DESIGN §6, plugin protocol version 1). Each frame type is a
/// record below; <c>type</c> is the discriminator and field names are snake_case on the wire.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HelloFrame), ControlFrameTypes.Hello)]
[JsonDerivedType(typeof(OutputBeginFrame), ControlFrameTypes.OutputBegin)]
[JsonDerivedType(typeof(OutputEndFrame), ControlFrameTypes.OutputEnd)]
[JsonDerivedType(typeof(ProgressFrame), ControlFrameTypes.Progress)]
[JsonDerivedType(typeof(WarningFrame), ControlFrameTypes.Warning)]
[JsonDerivedType(typeof(RowErrorFrame), ControlFrameTypes.RowError)]
[JsonDerivedType(typeof(ErrorFrame), ControlFrameTypes.Error)]
public abstract record ControlFrame;

/// <summary>The first frame: the plugin speaks <paramref name="ProtocolVersion"/> and says who it is.</summary>
public sealed record HelloFrame(int ProtocolVersion, string Plugin, string Version) : ControlFrame;

/// <summary>The Arrow stream of <paramref name="Output"/> follows on stdout, with a schema hashing to <paramref name="SchemaHash"/>.</summary>
public sealed record OutputBeginFrame(string Output, string SchemaHash) : ControlFrame;

/// <summary>The stream of <paramref name="Output"/> ended (its end-of-stream marker was flushed) after <paramref name="Rows"/> rows.</summary>
public sealed record OutputEndFrame(string Output, long Rows) : ControlFrame;

/// <summary>How far the plugin got: rows emitted and input bytes consumed so far.</summary>
public sealed record ProgressFrame(long Rows, long Bytes) : ControlFrame;

/// <summary>Something the operator should know; logged, the job goes on.</summary>
public sealed record WarningFrame(string Message) : ControlFrame;

/// <summary>
/// An input row the plugin rejected: it becomes a row of <c>&lt;table&gt;__quarantine</c> with <paramref name="Reason"/>,
/// the offending <paramref name="Column"/> and the <paramref name="Raw"/> text (both may be null), and the 1-based input
/// <paramref name="Line"/> when the plugin knows it.
/// </summary>
public sealed record RowErrorFrame(string Output, string Reason, string? Column, string? Raw, long? Line = null) : ControlFrame;

/// <summary>The plugin gives up: the job fails with <c>plugin.error</c> and <paramref name="Message"/>.</summary>
public sealed record ErrorFrame(string Code, string Message) : ControlFrame;

/// <summary>The <c>type</c> values of the control frames.</summary>
public static class ControlFrameTypes
{
    public const string Hello = "hello";
    public const string OutputBegin = "output_begin";
    public const string OutputEnd = "output_end";
    public const string Progress = "progress";
    public const string Warning = "warning";
    public const string RowError = "row_error";
    public const string Error = "error";
}
