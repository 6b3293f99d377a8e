using System.Text.Json.Serialization;

namespace Casparian.Broker.Api;

/// <summary>The control API's JSON (snake_case), generated at compile time; the CLI's client reads it with the same context.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(JobView))]
[JsonSerializable(typeof(JobPage))]
[JsonSerializable(typeof(JobActionResult))]
[JsonSerializable(typeof(WorkerList))]
[JsonSerializable(typeof(SourceList))]
[JsonSerializable(typeof(PluginList))]
[JsonSerializable(typeof(MaterializationList))]
[JsonSerializable(typeof(QueueView))]
[JsonSerializable(typeof(StatsView))]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(ApiProblem))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
