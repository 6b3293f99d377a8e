using Casparian.Protocol.Arrow.Metadata;
using Casparian.Worker.Contracts;

namespace Casparian.Worker.Lineage;

/// <summary>The reserved <c>_cf_</c> lineage columns, and the rule that no plugin may emit a column of that namespace.</summary>
public static class LineageColumns
{
    /// <summary>The reserved prefix.</summary>
    public const string ReservedPrefix = "_cf_";

    /// <summary>The reason a job fails with when a plugin emits a reserved column.</summary>
    public const string ReservedColumnReason = "contract.reserved_column";

    public const string SourceHash = "_cf_source_hash";
    public const string FileVersionId = "_cf_file_version_id";
    public const string JobId = "_cf_job_id";
    public const string ArtifactHash = "_cf_artifact_hash";
    public const string ProcessedAt = "_cf_processed_at";

    /// <summary>The lineage fields, in the order they are appended.</summary>
    public static IReadOnlyList<ArrowField> Fields { get; } =
    [
        new(SourceHash, ArrowType.Utf8, false),
        new(FileVersionId, ArrowType.Int64, false),
        new(JobId, ArrowType.Int64, false),
        new(ArtifactHash, ArrowType.Utf8, false),
        new(ProcessedAt, ArrowType.Timestamp(ArrowTimeUnit.Microsecond, "UTC"), false),
    ];

    /// <summary>A schema with the lineage fields appended; refuses a schema that already has a <c>_cf_</c> field.</summary>
    public static ArrowSchema Extend(ArrowSchema schema, string table)
    {
        ArgumentNullException.ThrowIfNull(schema);
        RefuseReserved(schema.Fields.Select(f => f.Name), table);
        return new ArrowSchema([.. schema.Fields, .. Fields]) { Metadata = schema.Metadata };
    }

    /// <summary>Throws <see cref="ContractViolationException"/> (<c>contract.reserved_column</c>) on the first <c>_cf_</c> name.</summary>
    public static void RefuseReserved(IEnumerable<string> columnNames, string table)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        foreach (var name in columnNames)
        {
            if (name.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase))
            {
                throw new ContractViolationException(ReservedColumnReason,
                    $"output '{table}' has column '{name}', but the '{ReservedPrefix}' namespace is reserved for lineage columns the worker adds; rename the column in the plugin");
            }
        }
    }
}
