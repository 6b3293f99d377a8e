using System.Text.Json.Serialization;
using Casparian.Protocol.Messages;

namespace Casparian.Protocol.Wire;

/// <summary>Source-generated JSON for every message: snake_case names, enums as strings, no reflection at run time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    MaxDepth = 16)]
[JsonSerializable(typeof(IdentifyMessage))]
[JsonSerializable(typeof(DispatchMessage))]
[JsonSerializable(typeof(AbortMessage))]
[JsonSerializable(typeof(HeartbeatMessage))]
[JsonSerializable(typeof(ConcludeMessage))]
[JsonSerializable(typeof(ErrMessage))]
[JsonSerializable(typeof(AcceptMessage))]
[JsonSerializable(typeof(ProgressMessage))]
[JsonSerializable(typeof(ByeMessage))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
