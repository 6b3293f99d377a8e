using System.Globalization;

namespace Casparian.Broker.Store.Sql;

/// <summary>
/// Generates the set-based compare-and-set statements of every transition from <see cref="JobTransitions.Table"/> and a
/// <see cref="StorePolicy"/>, in the SQL both PostgreSQL and DuckDB accept. The caller supplies the relation holding the
/// requests, aliased <c>r</c> with columns <c>id, worker, reason</c>, and the SQL expression of "now" in microseconds.
/// </summary>
internal sealed class TransitionSql(StorePolicy policy)
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

    /// <summary>The UPDATE … RETURNING id, state that applies <paramref name="rule"/> to every matching request.</summary>
    public string Update(TransitionRule rule, string requests, string now)
    {
        var escalate = EscalationCondition(rule);
        var target = rule.To is { } to ? ((int)to).ToString(CultureInfo.InvariantCulture) : "j.state";
        var state = escalate is null ? target : $"CASE WHEN {escalate} THEN {DeadLetter} ELSE {target} END";
        var reason = escalate is null
            ? "COALESCE(r.reason, j.reason)"
            : $"CASE WHEN {escalate} THEN {EscalationReason(rule)} ELSE COALESCE(r.reason, j.reason) END";
        var releases = rule.ReleasesWorker;
        return $"""
                UPDATE jobs AS j SET
                  state = {state},
                  worker_id = {(releases ? "NULL" : "j.worker_id")},
                  lease_expires_us = {(releases ? "NULL" : "j.lease_expires_us")},
                  retries = {(rule.Kind == JobTransition.Retry ? "0" : $"j.retries + {Increment(rule, JobCounter.Retries)}")},
                  rejections = j.rejections + {Increment(rule, JobCounter.Rejections)},
                  worker_losses = j.worker_losses + {Increment(rule, JobCounter.WorkerLosses)},
                  abort_requested = {AbortFlag(rule)},
                  poisoned = {(rule.Escalation == Escalation.PoisonInput ? $"({escalate})" : rule.Kind == JobTransition.Retry ? "FALSE" : "j.poisoned")},
                  reason = {reason},
                  not_before_us = {NotBefore(rule, now)},
                  updated_us = {now}
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
            $"COALESCE((SELECT c.crashes FROM source_crashes AS c WHERE c.source_hash = j.source_hash), 0) >= {policy.PoisonCrashes}",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Escalation, "unknown escalation"),
    };

    private string EscalationReason(TransitionRule rule) => rule.Escalation switch
    {
        Escalation.RetryBudget => $"'retry budget of {policy.MaxRetries} spent; last error: ' || COALESCE(r.reason, j.reason, 'none given')",
        Escalation.PoisonInput => $"'poison input: source ' || j.source_hash || ' crashed its worker {policy.PoisonCrashes} times'",
        _ => "r.reason",
    };

    private static int Increment(TransitionRule rule, JobCounter counter) => rule.Counter == counter ? 1 : 0;

    private static string AbortFlag(TransitionRule rule) => rule.Kind switch
    {
        JobTransition.RequestAbort => "TRUE",
        _ when rule.To is not null && rule.ReleasesWorker => "FALSE",
        _ => "j.abort_requested",
    };

    private string NotBefore(TransitionRule rule, string now)
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
        return rule.To == JobState.Queued ? now : "j.not_before_us";
    }
}
