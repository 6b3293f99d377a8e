using System.Globalization;
using System.Text;
using Casparian.Broker.Store.Sql;
using Casparian.Native.DuckDb;

namespace Casparian.Broker.Store.DuckDb;

/// <summary>
/// Applies one group of writer requests inside the open transaction with set-based statements: all enqueues in one
/// INSERT, all leases in one UPDATE that picks, all transitions in one UPDATE per kind. Rows reach the statements
/// through staging tables (see <see cref="DuckDbStaging"/>). Writer thread only.
/// </summary>
internal sealed class DuckDbBatchApplier(DuckDbConnection connection, DuckDbStaging staging, StorePolicy policy, TimeProvider time, long nextId)
{
    private const string RequestRelation = DuckDbStaging.Requests + " AS r";

    private readonly TransitionSql _transitions = new(policy, JobTableLayout.OneTable);
    private readonly DuckDbStaging _staging = staging;

    /// <summary>The id the next new job gets; the writer assigns ids because the table has no sequence or key index.</summary>
    public long NextId { get; set; } = nextId;

    /// <summary>Applies a group inside the open transaction.</summary>
    /// <param name="ops">The group's requests.</param>
    /// <param name="careful">
    /// False for the group's first attempt: materialization keys are assumed new (they are unique per job by construction),
    /// so a plain INSERT is used, several times cheaper on DuckDB than ON CONFLICT. A key already recorded then fails the
    /// group, which the writer re-applies request by request with <paramref name="careful"/> true.
    /// </param>
    public void Apply(IReadOnlyList<WriterOp> ops, bool careful)
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
            Transition(transitions, now, careful);
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
        var rows = new List<(long Id, EnqueueRequest Job)>();
        foreach (var op in ops)
        {
            foreach (var job in EnqueueBatch.Distinct(op.Jobs))
            {
                if (owners.TryAdd(job.MaterializationKey, op))
                {
                    rows.Add((NextId++, job));
                }
            }
        }
        _staging.Fill(DuckDbStaging.Jobs, rows, (a, row) => a.AppendInt64(row.Id).AppendVarchar(row.Job.MaterializationKey)
            .AppendVarchar(row.Job.SourceHash).AppendVarchar(row.Job.Plugin).AppendInt32(row.Job.Priority)
            .AppendInt64(row.Job.NotBefore is { } t ? Microseconds.From(t) : now).AppendVarchar(row.Job.Payload));
        // The anti-join is the uniqueness check of materialization keys (the single writer makes it race-free).
        using var insert = _staging.Prepare($"""
                                         INSERT INTO jobs (id, materialization_key, source_hash, plugin, priority, not_before_us, created_us, updated_us, payload)
                                         SELECT v.id, v.k, v.s, v.p, v.pr, v.nb, $1, $1, v.pl FROM {DuckDbStaging.Jobs} AS v
                                         WHERE NOT EXISTS (SELECT 1 FROM jobs AS j WHERE j.materialization_key = v.k)
                                         ORDER BY v.id
                                         RETURNING id, materialization_key
                                         """);
        insert.BindInt64(1, now);
        var created = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var result = insert.Execute())
        {
            foreach (var row in result.ReadRows(DuckDbSql.MaxRows))
            {
                created[(string)row[1]!] = (long)row[0]!;
            }
        }
        _staging.Clear(DuckDbStaging.Jobs);
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

    private void Transition(List<TransitionOp> ops, long now, bool careful)
    {
        var all = ops.SelectMany(op => op.Requests).ToList();
        var applied = new Dictionary<TransitionRequest, JobState>(ReferenceEqualityComparer.Instance);
        foreach (var (kind, group) in TransitionGroups.Split(all))
        {
            var rule = JobTransitions.Rule(kind);
            _staging.Fill(DuckDbStaging.Requests, group, (a, r) => a.AppendInt64(r.JobId).AppendVarchar(r.WorkerId).AppendVarchar(r.Reason));
            if (TransitionSql.CountCrashes(rule, RequestRelation) is { } countCrashes)
            {
                using var crashes = _staging.Prepare(countCrashes);
                crashes.ExecuteNonQuery();
            }
            using var update = _staging.Prepare(_transitions.Update(rule, RequestRelation, "$1", group.Exists(r => r.Reason is not null)));
            update.BindInt64(1, now);
            using (var result = update.Execute())
            {
                var changed = new Dictionary<long, JobState>();
                foreach (var row in result.ReadRows(DuckDbSql.MaxRows))
                {
                    changed[(long)row[0]!] = (JobState)Convert.ToInt32(row[1], System.Globalization.CultureInfo.InvariantCulture);
                }
                foreach (var request in group)
                {
                    if (changed.TryGetValue(request.JobId, out var state))
                    {
                        applied[request] = state;
                    }
                }
            }
            _staging.Clear(DuckDbStaging.Requests);
        }
        RecordMaterializations([.. applied.Keys.SelectMany(r => r.MaterializationsIfComplete)], now, careful);
        var refused = all.Where(r => !applied.ContainsKey(r)).Select(r => r.JobId).Distinct().ToList();
        var current = refused.Count == 0 ? [] : States(refused);
        foreach (var op in ops)
        {
            op.Result = [.. op.Requests.Select(r => applied.TryGetValue(r, out var state)
                ? new TransitionResult(r.JobId, true, state)
                : new TransitionResult(r.JobId, false, current.TryGetValue(r.JobId, out var s) ? s : null))];
        }
    }

    /// <summary>Inserts the outputs of the jobs completed in this group; keys already recorded are left as they are.</summary>
    private void RecordMaterializations(List<Catalog.Materialization> rows, long now, bool careful)
    {
        if (rows.Count == 0)
        {
            return;
        }
        // The first row of a key wins, as it would in the order the requests were applied.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        rows.RemoveAll(m => !seen.Add(m.Key));
        if (!careful)
        {
            // Straight into the table: its primary key still refuses a key already recorded, which fails the group.
            _staging.Fill("materializations", rows, (a, m) => a.AppendVarchar(m.Key).AppendVarchar(m.OutputTargetKey)
                .AppendVarchar(m.SourceHash).AppendVarchar(m.ArtifactHash).AppendInt64(m.JobId ?? 0).AppendInt64(m.Rows).AppendInt64(now));
            return;
        }
        // Only here are conflicts skipped: ON CONFLICT costs about four times a plain insert on DuckDB.
        _staging.Fill(DuckDbStaging.Materializations, rows, (a, m) => a.AppendVarchar(m.Key).AppendVarchar(m.OutputTargetKey)
            .AppendVarchar(m.SourceHash).AppendVarchar(m.ArtifactHash).AppendInt64(m.JobId ?? 0).AppendInt64(m.Rows));
        using var insert = _staging.Prepare($"""
                                         INSERT INTO materializations (materialization_key, target_key, source_hash, artifact_hash, job_id, row_count, created_us)
                                         SELECT v.k, v.t, v.s, v.a, v.j, v.n, $1 FROM {DuckDbStaging.Materializations} AS v
                                         ON CONFLICT DO NOTHING
                                         """);
        insert.BindInt64(1, now);
        insert.ExecuteNonQuery();
        _staging.Clear(DuckDbStaging.Materializations);
    }

    private void Lease(List<LeaseOp> ops, long now)
    {
        // Leased rows come back identified by their worker only, so each statement serves workers that differ; a worker
        // asking twice in one group is served in a later round (a valid serial order: later requests get later jobs).
        while (ops.Count > 0)
        {
            var workers = new HashSet<string>(StringComparer.Ordinal);
            var round = new List<LeaseOp>(ops.Count);
            var later = new List<LeaseOp>();
            foreach (var op in ops)
            {
                (workers.Add(op.WorkerId) ? round : later).Add(op);
            }
            LeaseRound(round, now);
            ops = later;
        }
    }

    /// <summary>
    /// One statement picks the due jobs in priority order, numbers them, and gives each worker its slice of the numbers:
    /// no round trip for the pick and no staging of ids.
    /// </summary>
    private void LeaseRound(List<LeaseOp> ops, long now)
    {
        var rule = JobTransitions.Rule(JobTransition.Lease);
        var from = TransitionSql.FromStates(rule);
        var slices = new StringBuilder();
        long first = 1;
        for (var i = 0; i < ops.Count; i++)
        {
            var until = now + Microseconds.From(ops[i].LeaseDuration);
            slices.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(CAST(${i + 3} AS VARCHAR), {first}, {first + ops[i].Max - 1}, {until})");
            first += ops[i].Max;
        }
        var byWorker = ops.ToDictionary(op => op.WorkerId, _ => new List<JobRecord>(), StringComparer.Ordinal);
        if (first > 1)
        {
            using var update = _staging.Prepare($"""
                                             UPDATE jobs AS j SET state = {(int)rule.To!.Value}, worker_id = w.worker, lease_expires_us = w.until,
                                               attempts = j.attempts + 1, updated_us = $1
                                             FROM (SELECT id, row_number() OVER (ORDER BY priority DESC, id) AS n
                                                   FROM (SELECT id, priority FROM jobs WHERE state IN {from} AND not_before_us <= $1
                                                         ORDER BY priority DESC, id LIMIT $2)) AS p,
                                                  (VALUES {slices}) AS w(worker, first, last, until)
                                             WHERE j.id = p.id AND p.n BETWEEN w.first AND w.last AND j.state IN {from}
                                             RETURNING {JobColumns.Qualified("j")}
                                             """);
            update.BindInt64(1, now).BindInt64(2, first - 1);
            for (var i = 0; i < ops.Count; i++)
            {
                update.BindVarchar(i + 3, ops[i].WorkerId);
            }
            foreach (var job in DuckDbSql.Read(update, JobColumns.Read))
            {
                byWorker[job.WorkerId!].Add(job);
            }
        }
        foreach (var op in ops)
        {
            var mine = byWorker[op.WorkerId];
            mine.Sort(static (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Id.CompareTo(b.Id));
            op.Result = mine;
        }
    }

    private Dictionary<long, JobState> States(List<long> ids)
    {
        _staging.Fill(DuckDbStaging.Requests, ids, (a, id) => a.AppendInt64(id).AppendNull().AppendNull());
        using var states = _staging.Prepare($"SELECT j.id, j.state FROM jobs AS j, {RequestRelation} WHERE j.id = r.id");
        var found = DuckDbSql.Read(states, r => (Id: r.GetInt64(0), State: (JobState)r.GetInt64(1))).ToDictionary(x => x.Id, x => x.State);
        _staging.Clear(DuckDbStaging.Requests);
        return found;
    }
}
