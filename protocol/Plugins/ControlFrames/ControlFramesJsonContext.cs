using System.Text.Json.Serialization;

namespace Casparian.Protocol.Plugins.ControlFrames;

/// <summary>
/// Source-generated JSON for the control frames: snake_case names, every constructor parameter without a default is a
/// required field, and nullability is enforced, so a frame with a missing or mistyped field fails to parse.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    MaxDepth = 4)]
[JsonSerializable(typeof(ControlFrame))]
[JsonSerializable(typeof(HelloFrame))]
[JsonSerializable(typeof(OutputBeginFrame))]
[JsonSerializable(typeof(OutputEndFrame))]
[JsonSerializable(typeof(ProgressFrame))]
[JsonSerializable(typeof(WarningFrame))]
[JsonSerializable(typeof(RowErrorFrame))]
[JsonSerializable(typeof(ErrorFrame))]
internal sealed partial class ControlFramesJsonContext : JsonSerializerContext;
