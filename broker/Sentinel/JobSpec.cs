using System.Text.Json;
using System.Text.Json.Serialization;
using Casparian.Protocol.Messages;

namespace Casparian.Broker.Sentinel;

/// <summary>
/// What a worker needs to run a job, kept as the job's payload in the store (JSON): the input as the worker sees it,
/// the exact plugin artifact, the outputs with their keys, and the limits. The queue never looks inside it.
/// </summary>
public sealed record JobSpec
{
    public required string InputPath { get; init; }

    public long FileVersionId { get; init; }

    public required PluginRef Plugin { get; init; }

    public IReadOnlyList<ExpectedOutput> Outputs { get; init; } = [];

    public JobLimits Limits { get; init; } = new();

    /// <summary>The payload text stored with the job.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JobSpecJsonContext.Default.JobSpec);

    /// <summary>Reads a payload; a malformed one throws <see cref="JsonException"/>.</summary>
    public static JobSpec FromJson(string json) =>
        JsonSerializer.Deserialize(json, JobSpecJsonContext.Default.JobSpec) ?? throw new JsonException("the job payload is JSON null");
}

/// <summary>Source-generated JSON for <see cref="JobSpec"/>, with the wire's naming.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(JobSpec))]
internal sealed partial class JobSpecJsonContext : JsonSerializerContext;
