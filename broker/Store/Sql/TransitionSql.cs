using System.Globalization;

namespace Casparian.Broker.Store.Sql;

/// <summary>
/// Generates the set-based compare-and-set statements of every transition from <see cref="JobTransitions.Table"/> and a
/// <see cref="StorePolicy"/>, in the SQL both PostgreSQL and DuckDB accept, for the adapter's <see cref="JobTableLayout"/>. The caller supplies the relation holding the
/// requests, aliased <c>r</c> with columns <c>id, worker, reason</c>, and the SQL expression of "now" in microseconds.
/// </summary>
internal sealed class TransitionSql(StorePolicy policy, JobTableLayout layout)
{
    private const int DeadLetter = (int)JobState.DeadLetter;

    /// <summary>The <c>IN (…)</c> list of a rule's source states.</summary>
    public static string FromStates(TransitionRule rule) =>
        "(" + string.Join(", ", rule.From.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture))) + ")";

    /// <summary>The WHERE clause that makes a request match its job: right state, and right worker when one is given.</summary>
    private static string Matches(TransitionRule rule, string job, string req) =>
        $"{job}.id = {req}.id AND {job}.state IN {FromStates(rule)} AND ({req}.worker IS NULL OR {job}.worker_id = {req}.worker)";

    /// <summary>
    /// For <see cref="Escalation.PoisonInput"/> rules, the statement that counts one more crash for the source of every
    /// matching job (once per source, however many of its jobs the lost worker held); it must run before
    /// <see cref="Update"/> in the same transaction.
    /// </summary>
    public static string? CountCrashes(TransitionRule rule, string requests) => rule.Escalation != Escalation.PoisonInput
        ? null
        : $"""
           INSERT INTO source_crashes (source_hash, crashes)
           SELECT DISTINCT j.source_hash, 1 FROM jobs AS j, {requests} WHERE {Matches(rule, "j", "r")}
           ON CONFLICT (source_hash) DO UPDATE SET crashes = source_crashes.crashes + excluded.crashes
           """;

    /// <summary>
    /// The UPDATE … RETURNING id, state that applies <paramref name="rule"/> to every matching request. Only the columns
    /// the rule changes are assigned: DuckDB stores and logs updates per column, so a no-op assignment is not free.
    /// </summary>
    /// <param name="rule">The transition.</param>
    /// <param name="requests">The request relation, aliased <c>r</c>.</param>
    /// <param name="now">SQL expression of now (µs).</param>
    /// <param name="withReason">False when no request carries a reason, so the reason column is left alone.</param>
    public string Update(TransitionRule rule, string requests, string now, bool withReason = true)
    {
        var escalate = EscalationCondition(rule);
        var set = new List<string>();
        if (rule.To is { } to)
        {
            var target = ((int)to).ToString(CultureInfo.InvariantCulture);
            set.Add($"state = {(escalate is null ? target : $"CASE WHEN {escalate} THEN {DeadLetter} ELSE {target} END")}");
        }
        if (rule.ReleasesWorker)
        {
            set.Add("worker_id = NULL");
            set.Add("lease_expires_us = NULL");
        }
        if (rule.Kind == JobTransition.Retry)
        {
            set.Add("retries = 0");
        }
        set.AddRange(rule.Counter switch
        {
            JobCounter.Retries => ["retries = j.retries + 1"],
            JobCounter.Rejections => ["rejections = j.rejections + 1"],
            JobCounter.WorkerLosses => ["worker_losses = j.worker_losses + 1"],
            _ => [],
        });
        if (AbortFlag(rule) is { } abort)
        {
            set.Add($"abort_requested = {abort}");
        }
        if (rule.Escalation == Escalation.PoisonInput)
        {
            set.Add($"poisoned = ({escalate})");
        }
        else if (rule.Kind == JobTransition.Retry)
        {
            set.Add("poisoned = FALSE");
        }
        if (escalate is not null)
        {
            set.Add($"reason = CASE WHEN {escalate} THEN {EscalationReason(rule)} ELSE COALESCE(r.reason, j.reason) END");
        }
        else if (withReason)
        {
            set.Add("reason = COALESCE(r.reason, j.reason)");
        }
        if (NotBefore(rule, now) is { } notBefore)
        {
            set.Add($"not_before_us = {notBefore}");
        }
        set.Add($"updated_us = {now}");
        return $"""
                UPDATE {layout.StateTable} AS j SET {string.Join(", ", set)}
                FROM {requests}
                WHERE {Matches(rule, "j", "r")}
                RETURNING j.id, j.state
                """;
    }

    private string? EscalationCondition(TransitionRule rule) => rule.Escalation switch
    {
        Escalation.None => null,
        Escalation.RetryBudget => $"j.retries + 1 > {policy.MaxRetries}",
        Escalation.PoisonInput =>
            $"COALESCE((SELECT c.crashes FROM source_crashes AS c WHERE c.source_hash = {layout.SourceHash}), 0) >= {policy.PoisonCrashes}",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Escalation, "unknown escalation"),
    };

    private string EscalationReason(TransitionRule rule) => rule.Escalation switch
    {
        Escalation.RetryBudget => $"'retry budget of {policy.MaxRetries} spent; last error: ' || COALESCE(r.reason, j.reason, 'none given')",
        Escalation.PoisonInput => $"'poison input: source ' || {layout.SourceHash} || ' crashed its worker {policy.PoisonCrashes} times'",
        _ => "r.reason",
    };

    // A job leaving its worker forgets a pending abort; Queued jobs therefore never carry the flag.
    private static string? AbortFlag(TransitionRule rule) => rule.Kind switch
    {
        JobTransition.RequestAbort => "TRUE",
        _ when rule.To is not null && rule.ReleasesWorker => "FALSE",
        _ => null,
    };

    private string? NotBefore(TransitionRule rule, string now)
    {
        if (rule.Kind == JobTransition.RetryLater)
        {
            // Exponential backoff on the retry number, capped; the shift is bounded so the product cannot overflow.
            var baseUs = Microseconds.From(policy.RetryBackoff);
            var maxUs = Microseconds.From(policy.MaxRetryBackoff);
            var maxShift = 0;
            while (maxShift < 40 && (baseUs << (maxShift + 1)) <= maxUs)
            {
                maxShift++;
            }
            return string.Create(CultureInfo.InvariantCulture,
                $"{now} + LEAST({baseUs} * (CAST(1 AS BIGINT) << LEAST(j.retries, {maxShift + 1})), {maxUs})");
        }
        // An operator's retry is due now even if a backoff was pending; other returns to the queue keep their not-before,
        // which is already past (the job was leased).
        return rule.Kind == JobTransition.Retry ? now : null;
    }
}
