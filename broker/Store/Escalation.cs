namespace Casparian.Broker.Store;

/// <summary>When a transition goes to <see cref="JobState.DeadLetter"/> instead of its usual target.</summary>
public enum Escalation
{
    /// <summary>Never: the transition always reaches its target.</summary>
    None,

    /// <summary>When the job's retries would exceed <see cref="StorePolicy.MaxRetries"/>.</summary>
    RetryBudget,

    /// <summary>When the job's source hash has now crashed its worker <see cref="StorePolicy.PoisonCrashes"/> times.</summary>
    PoisonInput,
}
