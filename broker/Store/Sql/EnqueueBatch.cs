namespace Casparian.Broker.Store.Sql;

/// <summary>Validation and de-duplication of an enqueue batch before it reaches SQL.</summary>
internal static class EnqueueBatch
{
    /// <summary>Longest key, hash or plugin name accepted; anything longer is a caller bug, not data.</summary>
    public const int MaxTextLength = 1024;

    /// <summary>Largest payload accepted: a job description, not data.</summary>
    public const int MaxPayloadLength = 64 * 1024;

    /// <summary>The requests with the first of each materialization key kept, in order; throws on a malformed request.</summary>
    public static List<EnqueueRequest> Distinct(IReadOnlyList<EnqueueRequest> jobs)
    {
        var seen = new HashSet<string>(jobs.Count, StringComparer.Ordinal);
        var unique = new List<EnqueueRequest>(jobs.Count);
        foreach (var job in jobs)
        {
            ArgumentNullException.ThrowIfNull(job);
            Check(job.MaterializationKey, nameof(job.MaterializationKey));
            Check(job.SourceHash, nameof(job.SourceHash));
            Check(job.Plugin, nameof(job.Plugin));
            if (job.Payload is { Length: > MaxPayloadLength })
            {
                throw new ArgumentException($"the payload of job {job.MaterializationKey} is {job.Payload.Length} characters; at most {MaxPayloadLength} are accepted", nameof(jobs));
            }
            if (seen.Add(job.MaterializationKey))
            {
                unique.Add(job);
            }
        }
        return unique;
    }

    private static void Check(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (value.Length > MaxTextLength)
        {
            throw new ArgumentException($"{name} is {value.Length} characters long; at most {MaxTextLength} are accepted", name);
        }
    }
}
