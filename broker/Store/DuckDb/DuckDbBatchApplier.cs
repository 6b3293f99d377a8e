using Casparian.Broker.Store.Sql;
using Casparian.Native.DuckDb;

namespace Casparian.Broker.Store.DuckDb;

/// <summary>
/// Applies one group of writer requests inside the open transaction with set-based statements: all enqueues in one
/// INSERT, all leases in one pick and one UPDATE, all transitions in one UPDATE per kind. Writer thread only.
/// </summary>
internal sealed class DuckDbBatchApplier(DuckDbConnection connection, StorePolicy policy, TimeProvider time, long nextId)
{
    // Rows per statement: bounds the parameter count (6 per enqueued job) of one prepared statement.
    private const int MaxRowsPerStatement = 1000;
    private static readonly string[] RequestTypes = ["BIGINT", "VARCHAR", "VARCHAR"];
    private static readonly string[] LeaseTypes = ["BIGINT", "VARCHAR", "BIGINT"];
    private static readonly string[] EnqueueTypes = ["BIGINT", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER", "BIGINT"];

    private readonly TransitionSql _transitions = new(policy);

    /// <summary>The id the next new job gets; the writer assigns ids because the table has no sequence or key index.</summary>
    public long NextId { get; set; } = nextId;

    public void Apply(IReadOnlyList<WriterOp> ops)
    {
        var now = Microseconds.From(time.GetUtcNow());
        // Requests pending at the same moment are concurrent, so any serial order is valid; this one lets each kind
        // be merged. A caller that needs two requests ordered awaits the first.
        var enqueues = ops.OfType<EnqueueOp>().ToList();
        if (enqueues.Count > 0)
        {
            Enqueue(enqueues, now);
        }
        var transitions = ops.OfType<TransitionOp>().ToList();
        if (transitions.Count > 0)
        {
            Transition(transitions, now);
        }
        var leases = ops.OfType<LeaseOp>().ToList();
        if (leases.Count > 0)
        {
            Lease(leases, now);
        }
        foreach (var op in ops.OfType<ISqlWork>())
        {
            op.Run(connection);
        }
    }

    private void Enqueue(List<EnqueueOp> ops, long now)
    {
        var owners = new Dictionary<string, EnqueueOp>(StringComparer.Ordinal);
        var rows = new List<EnqueueRequest>();
        foreach (var op in ops)
        {
            foreach (var job in EnqueueBatch.Distinct(op.Jobs))
            {
                if (owners.TryAdd(job.MaterializationKey, op))
                {
                    rows.Add(job);
                }
            }
        }
        var created = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in rows.Chunk(MaxRowsPerStatement))
        {
            var args = new List<object?>(chunk.Length * EnqueueTypes.Length + 1);
            foreach (var job in chunk)
            {
                args.AddRange([NextId++, job.MaterializationKey, job.SourceHash, job.Plugin, job.Priority, job.NotBefore is { } t ? Microseconds.From(t) : now]);
            }
            args.Add(now);
            var sql = $"""
                       INSERT INTO jobs (id, materialization_key, source_hash, plugin, priority, not_before_us, created_us, updated_us)
                       SELECT v.id, v.k, v.s, v.p, v.pr, v.nb, ${args.Count}, ${args.Count}
                       FROM {DuckDbSql.Values(chunk.Length, EnqueueTypes, "v(id, k, s, p, pr, nb)")}
                       WHERE NOT EXISTS (SELECT 1 FROM jobs AS j WHERE j.materialization_key = v.k)
                       ORDER BY v.id
                       RETURNING id, materialization_key
                       """;
            foreach (var (id, key) in DuckDbSql.Query(connection, sql, args, r => (r.GetInt64(0), r.GetString(1))))
            {
                created[key] = id;
            }
        }
        foreach (var op in ops)
        {
            var ids = new List<long>();
            foreach (var job in op.Jobs)
            {
                if (owners.TryGetValue(job.MaterializationKey, out var owner) && owner == op && created.Remove(job.MaterializationKey, out var id))
                {
                    ids.Add(id);
                }
            }
            ids.Sort();
            op.Result = new EnqueueResult(ids, op.Jobs.Count - ids.Count);
        }
    }

    private void Transition(List<TransitionOp> ops, long now)
    {
        var all = ops.SelectMany(op => op.Requests).ToList();
        var applied = new Dictionary<TransitionRequest, JobState>(ReferenceEqualityComparer.Instance);
        foreach (var (kind, group) in TransitionGroups.Split(all))
        {
            var rule = JobTransitions.Rule(kind);
            foreach (var chunk in group.Chunk(MaxRowsPerStatement))
            {
                var args = new List<object?>(chunk.Length * 3 + 1);
                foreach (var request in chunk)
                {
                    args.AddRange([request.JobId, request.WorkerId, request.Reason]);
                }
                var relation = DuckDbSql.Values(chunk.Length, RequestTypes, "r(id, worker, reason)");
                if (TransitionSql.CountCrashes(rule, relation) is { } countCrashes)
                {
                    DuckDbSql.Execute(connection, countCrashes, args);
                }
                args.Add(now);
                var changed = DuckDbSql.Query(connection, _transitions.Update(rule, relation, $"${args.Count}"), args,
                    r => (Id: r.GetInt64(0), State: (JobState)r.GetInt64(1))).ToDictionary(x => x.Id, x => x.State);
                foreach (var request in chunk)
                {
                    if (changed.TryGetValue(request.JobId, out var state))
                    {
                        applied[request] = state;
                    }
                }
            }
        }
        var refused = all.Where(r => !applied.ContainsKey(r)).Select(r => r.JobId).Distinct().ToList();
        var current = States(refused);
        foreach (var op in ops)
        {
            op.Result = [.. op.Requests.Select(r => applied.TryGetValue(r, out var state)
                ? new TransitionResult(r.JobId, true, state)
                : new TransitionResult(r.JobId, false, current.TryGetValue(r.JobId, out var s) ? s : null))];
        }
    }

    private void Lease(List<LeaseOp> ops, long now)
    {
        var rule = JobTransitions.Rule(JobTransition.Lease);
        var from = TransitionSql.FromStates(rule);
        var total = ops.Sum(op => (long)op.Max);
        var picked = DuckDbSql.Query(connection,
            $"SELECT id FROM jobs WHERE state IN {from} AND not_before_us <= $1 ORDER BY priority DESC, id LIMIT $2", [now, total],
            r => r.GetInt64(0));
        var owner = new Dictionary<long, LeaseOp>(picked.Count);
        var args = new List<object?>(picked.Count * 3 + 1);
        var next = 0;
        foreach (var op in ops)
        {
            for (var i = 0; i < op.Max && next < picked.Count; i++, next++)
            {
                owner[picked[next]] = op;
                args.AddRange([picked[next], op.WorkerId, now + Microseconds.From(op.LeaseDuration)]);
            }
        }
        var leased = new List<JobRecord>();
        if (picked.Count > 0)
        {
            args.Add(now);
            var sql = $"""
                       UPDATE jobs AS j SET state = {(int)rule.To!.Value}, worker_id = l.worker, lease_expires_us = l.until,
                         attempts = j.attempts + 1, abort_requested = FALSE, updated_us = ${args.Count}
                       FROM {DuckDbSql.Values(picked.Count, LeaseTypes, "l(id, worker, until)")}
                       WHERE j.id = l.id AND j.state IN {from}
                       RETURNING {JobColumns.Qualified("j")}
                       """;
            leased = DuckDbSql.Query(connection, sql, args, JobColumns.Read);
        }
        foreach (var op in ops)
        {
            var mine = leased.Where(j => owner[j.Id] == op).ToList();
            mine.Sort(static (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Id.CompareTo(b.Id));
            op.Result = mine;
        }
    }

    private Dictionary<long, JobState> States(List<long> ids)
    {
        var states = new Dictionary<long, JobState>(ids.Count);
        foreach (var chunk in ids.Chunk(MaxRowsPerStatement))
        {
            var list = string.Join(", ", chunk.Select((_, i) => $"${i + 1}"));
            foreach (var (id, state) in DuckDbSql.Query(connection, $"SELECT id, state FROM jobs WHERE id IN ({list})", [.. chunk.Cast<object?>()],
                r => (r.GetInt64(0), (JobState)r.GetInt64(1))))
            {
                states[id] = state;
            }
        }
        return states;
    }
}
