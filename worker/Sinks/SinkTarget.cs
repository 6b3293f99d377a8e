using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Worker.Sinks;

/// <summary>
/// One job's one output, as a sink needs to know it: the table (or folder) it goes to, the Arrow schema of its batches,
/// the mode, the materialization key that makes the commit idempotent, and the job that writes it.
/// </summary>
/// <param name="Table">The output's table name: letters, digits and underscores, starting with a letter or underscore.</param>
/// <param name="Schema">The schema every written batch has.</param>
/// <param name="Mode">What to do with data already in the target.</param>
/// <param name="MaterializationKey">
/// The output's materialization key. A sink records <c>(key, table)</c> in the same atomic step as the rows, and a
/// sink begun for a pair already recorded commits nothing again (<see cref="IOutputSink.AlreadyCommitted"/>), so a job
/// rerun after it committed but before its receipt was recorded does not duplicate rows.
/// </param>
/// <param name="JobId">The job writing the output.</param>
/// <param name="Attempt">The job's attempt number.</param>
public sealed record SinkTarget(string Table, ArrowSchema Schema, SinkMode Mode, string MaterializationKey, long JobId, int Attempt)
{
    /// <summary>The longest table name accepted (PostgreSQL truncates identifiers at 63 bytes).</summary>
    public const int MaxTableNameLength = 48;

    /// <summary>The longest materialization key accepted (keys are 64 hex digits; the rest is headroom).</summary>
    public const int MaxMaterializationKeyLength = 128;

    /// <summary>Checks the table name and schema; throws <see cref="SinkException"/> naming what is wrong.</summary>
    public void Validate()
    {
        if (!IsPlainName(Table))
        {
            throw new SinkException($"output table name '{Table}' is not allowed: use 1..{MaxTableNameLength} letters, digits or underscores, starting with a letter or underscore");
        }
        if (!IsKey(MaterializationKey))
        {
            throw new SinkException($"output '{Table}' has materialization key '{MaterializationKey}', which is not allowed: use 1..{MaxMaterializationKeyLength} letters, digits, '-' or '_' (it names the committed file)");
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

    private static bool IsKey(string? key)
    {
        if (key is null || key.Length is 0 or > MaxMaterializationKeyLength)
        {
            return false;
        }
        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                return false;
            }
        }
        return true;
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
