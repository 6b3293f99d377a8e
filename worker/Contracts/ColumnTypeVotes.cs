namespace Casparian.Worker.Contracts;

/// <summary>
/// Infers one column's type from a sample: the narrowest of int64, float64, bool and timestamp that almost every
/// non-null sampled value fits, else utf8. "Almost every" (<see cref="Tolerance"/>) is deliberate: a column of
/// numbers with a stray <c>n/a</c> should stay numeric and quarantine the stray value, rather than silently turn
/// the whole column into text. Inferred columns are nullable.
/// </summary>
public sealed class ColumnTypeVotes
{
    /// <summary>The share of sampled values that may disagree with the inferred type (and be quarantined).</summary>
    public const double Tolerance = 0.05;

    private static readonly ColumnType[] Candidates = [ColumnType.Int64, ColumnType.Float64, ColumnType.Bool, ColumnType.Timestamp];
    private readonly long[] _fits = new long[Candidates.Length];
    private long _values;

    /// <summary>Counts one non-null sampled value.</summary>
    public void Add(ValueKind kind, ReadOnlySpan<byte> text)
    {
        _values++;
        for (var i = 0; i < Candidates.Length; i++)
        {
            if (ValueParsers.Accepts(Candidates[i], kind, text))
            {
                _fits[i]++;
            }
        }
    }

    /// <summary>The inferred type; utf8 when the sample has no values.</summary>
    public ColumnType Decide()
    {
        for (var i = 0; i < Candidates.Length; i++)
        {
            if (_values > 0 && _fits[i] >= Math.Ceiling(_values * (1 - Tolerance)))
            {
                return Candidates[i];
            }
        }
        return ColumnType.Utf8;
    }
}
