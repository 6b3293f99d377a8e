namespace Casparian.Broker.Store;

/// <summary>The rules a store applies on its own: retry budget, backoff and the poison-input threshold.</summary>
public sealed record StorePolicy
{
    /// <summary>Transient failures a job may have before the next one sends it to DeadLetter.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>How many times one source hash may crash (lose) its worker before its job is dead-lettered as poison.</summary>
    public int PoisonCrashes { get; init; } = 3;

    /// <summary>Backoff of the first transient retry; each further retry doubles it.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest backoff, whatever the retry count.</summary>
    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The default policy.</summary>
    public static StorePolicy Default { get; } = new();

    /// <summary>
    /// The backoff before retry number <paramref name="retry"/> (1-based). The store adapters apply the same formula in SQL
    /// (TransitionSql); the contract tests check their backoffs against it.
    /// </summary>
    public TimeSpan BackoffFor(int retry)
    {
        var shift = Math.Clamp(retry - 1, 0, 30);
        var ticks = Math.Min(RetryBackoff.Ticks * (1L << shift), MaxRetryBackoff.Ticks);
        return ticks < 0 ? MaxRetryBackoff : TimeSpan.FromTicks(ticks);
    }

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(PoisonCrashes, 1, nameof(PoisonCrashes));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBackoff, TimeSpan.Zero, nameof(RetryBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryBackoff, RetryBackoff, nameof(MaxRetryBackoff));
    }
}
