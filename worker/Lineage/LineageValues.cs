namespace Casparian.Worker.Lineage;

/// <summary>Where every row of a job's output came from: the values of the <c>_cf_</c> lineage columns.</summary>
/// <param name="SourceHash">BLAKE3 (hex) of the input file as read.</param>
/// <param name="FileVersionId">Catalog id of the input's file version.</param>
/// <param name="JobId">The job that produced the rows.</param>
/// <param name="ArtifactHash">Hash of the plugin artifact that parsed the input.</param>
/// <param name="ProcessedAt">When the job ran (stored to the microsecond, UTC).</param>
public sealed record LineageValues(string SourceHash, long FileVersionId, long JobId, string ArtifactHash, DateTimeOffset ProcessedAt)
{
    /// <summary><see cref="ProcessedAt"/> as microseconds since the Unix epoch.</summary>
    public long ProcessedAtMicros => (ProcessedAt.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
}
