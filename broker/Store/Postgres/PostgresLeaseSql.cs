using Casparian.Broker.Store.Sql;

namespace Casparian.Broker.Store.Postgres;

/// <summary>
/// The lease of several callers in one statement: pick the total they asked for with <c>FOR UPDATE SKIP LOCKED</c> (so
/// concurrent Sentinels never pick the same job), number the picks in lease order and hand each caller its range.
/// </summary>
internal static class PostgresLeaseSql
{
    /// <summary>$1 now (µs), $2 total; $3..$7 per caller: op index, worker, first and last pick number, lease end.</summary>
    public static string Text { get; } = Build();

    private static string Build()
    {
        var rule = JobTransitions.Rule(JobTransition.Lease);
        var from = TransitionSql.FromStates(rule);
        // The state row is updated; the identity row is only read, for the job record the worker needs.
        return $"""
                WITH pick AS (
                  SELECT id, priority FROM job_state WHERE state IN {from} AND not_before_us <= $1
                  ORDER BY priority DESC, id LIMIT $2 FOR UPDATE SKIP LOCKED),
                numbered AS (SELECT id, row_number() OVER (ORDER BY priority DESC, id) AS n FROM pick),
                assigned AS (
                  SELECT numbered.id, w.op, w.worker, w.until
                  FROM numbered JOIN unnest($3::integer[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[]) AS w(op, worker, lo, hi, until)
                    ON numbered.n BETWEEN w.lo AND w.hi)
                UPDATE job_state AS j SET state = {(int)rule.To!.Value}, worker_id = a.worker, lease_expires_us = a.until,
                  attempts = j.attempts + 1, updated_us = $1
                FROM assigned AS a, job_specs AS p
                WHERE j.id = a.id AND p.id = a.id
                RETURNING {JobColumns.Qualified("j", "p")}, a.op
                """;
    }
}
