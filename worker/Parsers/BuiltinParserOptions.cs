using Casparian.Worker.Contracts;

namespace Casparian.Worker.Parsers;

/// <summary>Settings shared by the builtin CSV and JSONL parsers.</summary>
public sealed record BuiltinParserOptions
{
    /// <summary>The largest allowed record size.</summary>
    public const int MaxMaxRecordBytes = 256 << 20;

    /// <summary>Declared columns by table name; a table not listed has its columns inferred from a sample.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ContractColumn>> DeclaredColumns { get; init; } =
        new Dictionary<string, IReadOnlyList<ContractColumn>>(StringComparer.Ordinal);

    /// <summary>Rows per good or quarantine batch.</summary>
    public int BatchRows { get; init; } = 65_536;

    /// <summary>Rows read to infer column types.</summary>
    public int SampleRows { get; init; } = 1_000;

    /// <summary>The longest record (CSV row with its quoted newlines, JSONL line) the parser accepts, in bytes.</summary>
    public int MaxRecordBytes { get; init; } = 16 << 20;

    /// <summary>Checks the settings and returns them.</summary>
    public BuiltinParserOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchRows, 1, nameof(BatchRows));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BatchRows, 1 << 20, nameof(BatchRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(SampleRows, 1, nameof(SampleRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordBytes, 1024, nameof(MaxRecordBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRecordBytes, MaxMaxRecordBytes, nameof(MaxRecordBytes));
        return this;
    }
}
