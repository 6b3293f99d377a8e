using Casparian.Protocol.Arrow.Metadata;
using Casparian.Worker.Lineage;

namespace Casparian.Worker.Contracts;

/// <summary>
/// What an output promises: its table and columns. Rows that do not conform go to <see cref="QuarantineTable"/>.
/// </summary>
public sealed record OutputContract
{
    /// <summary>The most columns a contract may declare; a wider header is almost certainly not a header.</summary>
    public const int MaxColumns = 4096;

    public OutputContract(string table, IReadOnlyList<ContractColumn> columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0 || columns.Count > MaxColumns)
        {
            throw new ArgumentException($"output '{table}' declares {columns.Count} columns; declare between 1 and {MaxColumns}", nameof(columns));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (!seen.Add(column.Name))
            {
                throw new ArgumentException($"output '{table}' declares column '{column.Name}' twice; rename one of them", nameof(columns));
            }
        }
        LineageColumns.RefuseReserved(columns.Select(c => c.Name), table);
        Table = table;
        Columns = columns;
    }

    public string Table { get; }

    public IReadOnlyList<ContractColumn> Columns { get; }

    /// <summary>Where this output's rejected rows go: <c>&lt;table&gt;__quarantine</c>.</summary>
    public string QuarantineTable => Table + "__quarantine";

    /// <summary>The Arrow schema of the output's rows as the parser produces them (before lineage).</summary>
    public ArrowSchema ToArrowSchema() => new(Columns.Select(c => new ArrowField(c.Name, c.Type.ToArrow(), c.Nullable)).ToArray());

    /// <summary>The index of a column by name, or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
