using Casparian.Broker.Store.Sql;

namespace Casparian.Broker.Store.Postgres;

/// <summary>
/// The lease of several callers in one statement: pick the total they asked for with <c>FOR UPDATE SKIP LOCKED</c> (so
/// concurrent Sentinels never pick the same job), number the picks in lease order and hand each caller its range.
/// </summary>
internal static class PostgresLeaseSql
{
    /// <summary>$1 now (µs), $2 total; per caller, in order: $3 worker, $4 first pick number (ascending), $5 lease end.</summary>
    public static string Text { get; } = Build();

    private static string Build()
    {
        var rule = JobTransitions.Rule(JobTransition.Lease);
        var from = TransitionSql.FromStates(rule);
        // The callers' ranges are consecutive, so width_bucket over their first numbers finds a pick's caller (1-based)
        // without joining every pick to every caller. The state row is updated; the identity row is only read, for the
        // job record the worker needs.
        return $"""
                WITH pick AS (
                  SELECT id, priority FROM job_state WHERE state IN {from} AND not_before_us <= $1
                  ORDER BY priority DESC, id LIMIT $2 FOR UPDATE SKIP LOCKED),
                assigned AS (
                  SELECT id, width_bucket(row_number() OVER (ORDER BY priority DESC, id), $4::bigint[]) AS caller FROM pick)
                UPDATE job_state AS j SET state = {(int)rule.To!.Value}, worker_id = ($3::text[])[a.caller],
                  lease_expires_us = ($5::bigint[])[a.caller], attempts = j.attempts + 1, updated_us = $1
                FROM assigned AS a, job_specs AS p
                WHERE j.id = a.id AND p.id = a.id
                RETURNING {JobColumns.Qualified("j", "p")}, a.caller - 1
                """;
    }
}
