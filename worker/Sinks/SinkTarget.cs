using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Worker.Sinks;

/// <summary>
/// One job's one output, as a sink needs to know it: the table (or folder) it goes to, the Arrow schema of its batches,
/// the mode, and the job identity that makes file names collision-proof.
/// </summary>
/// <param name="Table">The output's table name: letters, digits and underscores, starting with a letter or underscore.</param>
/// <param name="Schema">The schema every written batch has.</param>
/// <param name="Mode">What to do with data already in the target.</param>
/// <param name="JobId">The job writing the output.</param>
/// <param name="Attempt">The job's attempt number (a retried job writes a fresh file).</param>
public sealed record SinkTarget(string Table, ArrowSchema Schema, SinkMode Mode, long JobId, int Attempt)
{
    /// <summary>The longest table name accepted (PostgreSQL truncates identifiers at 63 bytes).</summary>
    public const int MaxTableNameLength = 48;

    /// <summary>Checks the table name and schema; throws <see cref="SinkException"/> naming what is wrong.</summary>
    public void Validate()
    {
        if (!IsPlainName(Table))
        {
            throw new SinkException($"output table name '{Table}' is not allowed: use 1..{MaxTableNameLength} letters, digits or underscores, starting with a letter or underscore");
        }
        if (Schema.Fields.Count == 0)
        {
            throw new SinkException($"output '{Table}' has no columns; declare at least one column in its schema");
        }
        foreach (var field in Schema.Fields)
        {
            if (field.Name.Length == 0 || field.Name.Contains('\0', StringComparison.Ordinal))
            {
                throw new SinkException($"output '{Table}' has a column with an empty or NUL-containing name; rename it");
            }
        }
    }

    private static bool IsPlainName(string name)
    {
        if (name.Length is 0 or > MaxTableNameLength || char.IsAsciiDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }
}
