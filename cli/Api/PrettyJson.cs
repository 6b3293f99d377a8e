using System.Text.Json.Serialization;
using Casparian.Broker.Api;

namespace Casparian.Cli.Api;

/// <summary>The API's JSON, indented, for printing to a terminal.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(JobView))]
internal sealed partial class PrettyJson : JsonSerializerContext;
