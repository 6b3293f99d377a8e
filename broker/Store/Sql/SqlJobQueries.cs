namespace Casparian.Broker.Store.Sql;

/// <summary>The read side of the job queue, shared by both adapters: lookups, filtered queries and counts.</summary>
internal sealed class SqlJobQueries(ISqlSession session)
{
    public async Task<JobRecord?> GetJobAsync(long jobId, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync($"SELECT {JobColumns.List} FROM jobs WHERE id = $1", [jobId], JobColumns.Read, cancellationToken)
            .ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<JobRecord>> QueryJobsAsync(JobQuery query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var (where, args) = Filter(query);
        args.Add((long)limit);
        return session.QueryAsync($"SELECT {JobColumns.List} FROM jobs{where} ORDER BY id LIMIT ${args.Count}", args, JobColumns.Read,
            cancellationToken);
    }

    public async Task<long> CountJobsAsync(JobQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, args) = Filter(query);
        var rows = await session.QueryAsync($"SELECT count(*) FROM jobs{where}", args, r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        return rows[0];
    }

    public async Task<IReadOnlyDictionary<JobState, long>> CountByStateAsync(CancellationToken cancellationToken)
    {
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
        var rows = await session.QueryAsync("SELECT state, count(*) FROM jobs GROUP BY state", [],
            r => (State: (JobState)r.GetInt64(0), Count: r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
        foreach (var (state, count) in rows)
        {
            counts[state] = count;
        }
        return counts;
    }

    public async Task<QueueCounters> CountersAsync(CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync(
            "SELECT CAST(COALESCE(sum(retries), 0) AS BIGINT), CAST(COALESCE(sum(rejections), 0) AS BIGINT), " +
            "CAST(COALESCE(sum(worker_losses), 0) AS BIGINT), " +
            "CAST(COALESCE(sum(CASE WHEN poisoned THEN 1 ELSE 0 END), 0) AS BIGINT) FROM jobs", [],
            r => new QueueCounters(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)), cancellationToken).ConfigureAwait(false);
        return rows[0];
    }

    /// <summary>The ids of the jobs a worker holds (Dispatched or Running).</summary>
    public Task<IReadOnlyList<long>> HeldByAsync(string workerId, CancellationToken cancellationToken) =>
        session.QueryAsync($"SELECT id FROM jobs WHERE worker_id = $1 AND state IN {Held} ORDER BY id", [workerId], r => r.GetInt64(0),
            cancellationToken);

    /// <summary>The ids of held jobs whose lease ended before <paramref name="nowUs"/>.</summary>
    public Task<IReadOnlyList<long>> ExpiredAsync(long nowUs, CancellationToken cancellationToken) =>
        session.QueryAsync($"SELECT id FROM jobs WHERE state IN {Held} AND lease_expires_us < $1 ORDER BY id", [nowUs], r => r.GetInt64(0),
            cancellationToken);

    /// <summary>The current state of each id (absent ids are unknown jobs).</summary>
    public async Task<Dictionary<long, JobState>> StatesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var states = new Dictionary<long, JobState>(ids.Count);
        foreach (var chunk in ids.Chunk(500))
        {
            var list = string.Join(", ", chunk.Select((_, i) => $"${i + 1}"));
            var rows = await session.QueryAsync($"SELECT id, state FROM jobs WHERE id IN ({list})", [.. chunk.Cast<object?>()],
                r => (Id: r.GetInt64(0), State: (JobState)r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
            foreach (var (id, state) in rows)
            {
                states[id] = state;
            }
        }
        return states;
    }

    /// <summary>The SQL that extends the leases of a worker's held jobs: $1 lease end, $2 now, $3 worker.</summary>
    public static string ExtendLeasesSql(JobTableLayout layout) => $"UPDATE {layout.StateTable} SET lease_expires_us = $1, updated_us = $2 WHERE worker_id = $3 AND state IN {Held}";

    private static string Held => TransitionSql.FromStates(JobTransitions.Rule(JobTransition.WorkerLost));

    private static (string Where, List<object?> Args) Filter(JobQuery query)
    {
        var clauses = new List<string>();
        var args = new List<object?>();
        void Add(string column, object value, string op = "=")
        {
            args.Add(value);
            clauses.Add($"{column} {op} ${args.Count}");
        }
        if (query.State is { } state)
        {
            Add("state", (int)state);
        }
        if (query.WorkerId is { } worker)
        {
            Add("worker_id", worker);
        }
        if (query.SourceHash is { } hash)
        {
            Add("source_hash", hash);
        }
        if (query.Plugin is { } plugin)
        {
            Add("plugin", plugin);
        }
        if (query.AbortRequested is { } abortRequested)
        {
            Add("abort_requested", abortRequested);
        }
        if (query.AfterId is { } afterId)
        {
            Add("id", afterId, ">");
        }
        return (clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses), args);
    }
}
