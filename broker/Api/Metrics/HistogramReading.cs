namespace Casparian.Broker.Api.Metrics;

/// <summary>A histogram at one moment: cumulative counts per upper bound (the last is +Inf), sum and count.</summary>
public sealed record HistogramReading(IReadOnlyList<double> Bounds, IReadOnlyList<long> CumulativeBuckets, double Sum, long Count)
{
    /// <summary>
    /// The <paramref name="quantile"/> (0..1) estimated by linear interpolation inside its bucket, as Prometheus'
    /// histogram_quantile does; the highest finite bound when it falls in the +Inf bucket; null without observations.
    /// </summary>
    public double? Quantile(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        if (Count == 0)
        {
            return null;
        }
        var rank = quantile * Count;
        for (var i = 0; i < CumulativeBuckets.Count; i++)
        {
            if (CumulativeBuckets[i] < rank)
            {
                continue;
            }
            if (i == Bounds.Count)
            {
                return Bounds[^1];
            }
            var lower = i == 0 ? Math.Min(0, Bounds[0]) : Bounds[i - 1];
            var below = i == 0 ? 0 : CumulativeBuckets[i - 1];
            var inBucket = CumulativeBuckets[i] - below;
            return inBucket == 0 ? Bounds[i] : lower + ((Bounds[i] - lower) * (rank - below) / inBucket);
        }
        return Bounds[^1];
    }
}
