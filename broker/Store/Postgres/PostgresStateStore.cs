using Casparian.Broker.Store.Sql;
using Npgsql;
using NpgsqlTypes;

namespace Casparian.Broker.Store.Postgres;

/// <summary>
/// The state store on PostgreSQL, for clusters. Leases use <c>FOR UPDATE SKIP LOCKED</c>, so several Sentinel processes
/// can share one database without leasing a job twice; every batch is one set-based statement per transition kind.
/// </summary>
public sealed class PostgresStateStore : SqlStateStore
{
    // The request relation of the transition statements: three parallel arrays, one row per request.
    private const string Requests = "unnest($1::bigint[], $2::text[], $3::text[]) AS r(id, worker, reason)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TransitionSql _transitions;
    private readonly Coalescer<IReadOnlyList<EnqueueRequest>, EnqueueResult> _enqueues;
    private readonly Coalescer<LeaseRequest, IReadOnlyList<JobRecord>> _leases;
    private readonly Coalescer<IReadOnlyList<TransitionRequest>, IReadOnlyList<TransitionResult>> _transitionBatches;

    private sealed record LeaseRequest(string WorkerId, int Max, TimeSpan LeaseDuration);

    private PostgresStateStore(NpgsqlDataSource dataSource, StorePolicy policy, TimeProvider time, int schemaVersion)
        : base(new PostgresSession(dataSource), time, schemaVersion)
    {
        _dataSource = dataSource;
        _transitions = new TransitionSql(policy, JobTableLayout.Split);
        // Concurrent callers in this process share statements: one merged statement per kind is in flight at a time.
        _enqueues = new(EnqueueMergedAsync);
        _leases = new(LeaseMergedAsync);
        _transitionBatches = new(TransitionMergedAsync);
    }

    /// <summary>How many statements each connection prepares automatically (the effective setting, for tests).</summary>
    internal int MaxAutoPrepare => new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString).MaxAutoPrepare;

    /// <summary>The newest schema version this build creates.</summary>
    public static int LatestSchemaVersion => PostgresMigrator.Migrations.Count;

    /// <summary>Opens (creating or migrating forward) the state store in the database of <paramref name="connectionString"/>.</summary>
    /// <exception cref="StoreSchemaTooNewException">The database was written by a newer Casparian.</exception>
    public static Task<PostgresStateStore> OpenAsync(string connectionString, StorePolicy? policy = null, TimeProvider? time = null,
        CancellationToken cancellationToken = default) => OpenAsync(connectionString, policy, time, null, cancellationToken);

    /// <summary>Opens the store migrated only up to <paramref name="schemaVersion"/>; tests use it to build old databases.</summary>
    internal static async Task<PostgresStateStore> OpenAsync(string connectionString, StorePolicy? policy, TimeProvider? time, int? schemaVersion,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        policy ??= StorePolicy.Default;
        policy.Validate();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!SetsMaxAutoPrepare(connectionString))
        {
            // The queue repeats a handful of statements thousands of times a second: prepared once per connection, they
            // skip parsing and planning (about half a millisecond for the lease). A user's own setting wins, including
            // 0 behind a transaction-pooling PgBouncer, which cannot keep prepared statements.
            builder.MaxAutoPrepare = 16;
        }
        var dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            var version = await PostgresMigrator.MigrateAsync(dataSource, $"{builder.Host}:{builder.Port}/{builder.Database}", schemaVersion,
                cancellationToken).ConfigureAwait(false);
            return new PostgresStateStore(dataSource, policy, time ?? TimeProvider.System, version);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Npgsql's builder reports every known keyword as present, so the user's own text is what tells.
    private static bool SetsMaxAutoPrepare(string connectionString) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override Task<EnqueueResult> EnqueueAsync(IReadOnlyList<EnqueueRequest> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        EnqueueBatch.Distinct(jobs);
        return jobs.Count == 0 ? Task.FromResult(new EnqueueResult([], 0)) : _enqueues.SubmitAsync(jobs, cancellationToken);
    }

    private async Task<IReadOnlyList<EnqueueResult>> EnqueueMergedAsync(IReadOnlyList<IReadOnlyList<EnqueueRequest>> batches)
    {
        var now = NowUs;
        // The first request of a key owns it; later ones (in this merge or in the table) are duplicates.
        var owner = new Dictionary<string, int>(StringComparer.Ordinal);
        var unique = new List<EnqueueRequest>();
        for (var b = 0; b < batches.Count; b++)
        {
            foreach (var job in batches[b])
            {
                if (owner.TryAdd(job.MaterializationKey, b))
                {
                    unique.Add(job);
                }
            }
        }
        // WITH ORDINALITY keeps request order, so ids are assigned oldest-first. The identity row decides the key's
        // uniqueness; only the jobs it created get a state row (data-modifying CTEs run whether or not they are read).
        await using var command = _dataSource.CreateCommand(
            """
            WITH input AS (
              SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::bigint[], $7::text[])
                WITH ORDINALITY AS t(k, s, p, pr, nb, pl, n)),
            specs AS (
              INSERT INTO job_specs (materialization_key, source_hash, plugin, payload, created_us)
              SELECT k, s, p, pl, $6 FROM input ORDER BY n
              ON CONFLICT (materialization_key) DO NOTHING
              RETURNING id, materialization_key),
            states AS (
              INSERT INTO job_state (id, priority, not_before_us, updated_us)
              SELECT specs.id, input.pr, input.nb, $6 FROM specs JOIN input ON input.k = specs.materialization_key)
            SELECT id, materialization_key FROM specs
            """);
        command.Parameters.Add(Array(unique.Select(j => j.MaterializationKey).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(unique.Select(j => j.SourceHash).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(unique.Select(j => j.Plugin).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(unique.Select(j => j.Priority).ToArray(), NpgsqlDbType.Integer));
        command.Parameters.Add(Array(unique.Select(j => j.NotBefore is { } t ? Microseconds.From(t) : now).ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now });
        command.Parameters.Add(Array(unique.Select(j => j.Payload).ToArray(), NpgsqlDbType.Text));
        var created = await PostgresSession.ReadAllAsync(command, r => (Id: r.GetInt64(0), Key: r.GetString(1)), CancellationToken.None)
            .ConfigureAwait(false);
        var ids = batches.Select(_ => new List<long>()).ToArray();
        foreach (var (id, key) in created)
        {
            ids[owner[key]].Add(id);
        }
        return [.. batches.Select((batch, b) =>
        {
            ids[b].Sort();
            return new EnqueueResult(ids[b], batch.Count - ids[b].Count);
        })];
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<JobRecord>> LeaseAsync(string workerId, int max, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return _leases.SubmitAsync(new LeaseRequest(workerId, max, leaseDuration), cancellationToken);
    }

    private async Task<IReadOnlyList<IReadOnlyList<JobRecord>>> LeaseMergedAsync(IReadOnlyList<LeaseRequest> requests)
    {
        var now = NowUs;
        // Caller i gets the picks numbered first[i] .. first[i] + max - 1.
        var first = new long[requests.Count];
        long total = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            first[i] = total + 1;
            total += requests[i].Max;
        }
        await using var command = _dataSource.CreateCommand(PostgresLeaseSql.Text);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = total });
        command.Parameters.Add(Array(requests.Select(r => r.WorkerId).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(first, NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(requests.Select(r => now + Microseconds.From(r.LeaseDuration)).ToArray(), NpgsqlDbType.Bigint));
        var rows = await PostgresSession.ReadAllAsync(command, r => (Job: JobColumns.Read(r), Op: (int)r.GetInt64(JobColumns.Count)),
            CancellationToken.None).ConfigureAwait(false);
        var results = requests.Select(_ => new List<JobRecord>()).ToArray();
        foreach (var (job, op) in rows)
        {
            results[op].Add(job);
        }
        foreach (var jobs in results)
        {
            jobs.Sort(static (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Id.CompareTo(b.Id));
        }
        return results;
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<TransitionResult>> TransitionAsync(IReadOnlyList<TransitionRequest> requests,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        // Validate here so a bad request fails its own caller, not the merged call it would join.
        TransitionGroups.Split(requests);
        return requests.Count == 0 ? Task.FromResult<IReadOnlyList<TransitionResult>>([]) : _transitionBatches.SubmitAsync(requests, cancellationToken);
    }

    private async Task<IReadOnlyList<IReadOnlyList<TransitionResult>>> TransitionMergedAsync(IReadOnlyList<IReadOnlyList<TransitionRequest>> batches)
    {
        // Concatenated in arrival order; applying them in that order is one valid serialisation of concurrent callers.
        var all = batches.SelectMany(b => b).ToList();
        var results = await ApplyTransitionsAsync(all, CancellationToken.None).ConfigureAwait(false);
        var sliced = new List<IReadOnlyList<TransitionResult>>(batches.Count);
        var offset = 0;
        foreach (var batch in batches)
        {
            sliced.Add(results.Skip(offset).Take(batch.Count).ToList());
            offset += batch.Count;
        }
        return sliced;
    }

    private async Task<IReadOnlyList<TransitionResult>> ApplyTransitionsAsync(List<TransitionRequest> requests, CancellationToken cancellationToken)
    {
        var groups = TransitionGroups.Split(requests);
        var applied = new Dictionary<TransitionRequest, JobState>(ReferenceEqualityComparer.Instance);
        var now = NowUs;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // One plain statement needs no explicit transaction; anything more is applied all together.
        var needsTransaction = groups.Count > 1 || JobTransitions.Rule(groups[0].Kind).Escalation == Escalation.PoisonInput
            || requests.Exists(r => r.MaterializationsIfComplete.Any());
        await using var transaction = needsTransaction ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        foreach (var (kind, group) in groups)
        {
            var rule = JobTransitions.Rule(kind);
            if (TransitionSql.CountCrashes(rule, Requests) is { } countCrashes)
            {
                await using var crashes = RequestCommand(countCrashes, connection, transaction, group, null);
                await crashes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using var update = RequestCommand(_transitions.Update(rule, Requests, "$4", group.Exists(r => r.Reason is not null)), connection, transaction, group, now);
            var changed = (await PostgresSession.ReadAllAsync(update, r => (Id: r.GetInt64(0), State: (JobState)r.GetInt64(1)), cancellationToken)
                .ConfigureAwait(false)).ToDictionary(x => x.Id, x => x.State);
            foreach (var request in group)
            {
                if (changed.TryGetValue(request.JobId, out var state))
                {
                    applied[request] = state;
                }
            }
        }
        await RecordMaterializationsAsync(connection, transaction, [.. applied.Keys.SelectMany(r => r.MaterializationsIfComplete)], now, cancellationToken)
            .ConfigureAwait(false);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        return await ResultsAsync(requests, applied, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts the outputs of the jobs completed by this statement group, in its transaction.</summary>
    private static async Task RecordMaterializationsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        List<Catalog.Materialization> rows, long now, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        await using var insert = new NpgsqlCommand(
            "INSERT INTO materializations (materialization_key, target_key, source_hash, artifact_hash, job_id, row_count, created_us) " +
            "SELECT k, t, s, a, j, n, $7 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[]) AS m(k, t, s, a, j, n) " +
            "ON CONFLICT (materialization_key) DO NOTHING", connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(m => m.Key).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(m => m.OutputTargetKey).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(m => m.SourceHash).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(m => m.ArtifactHash).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(m => m.JobId ?? 0).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(m => m.Rows).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = now });
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<TransitionResult>> ResultsAsync(IReadOnlyList<TransitionRequest> requests,
        Dictionary<TransitionRequest, JobState> applied, CancellationToken cancellationToken)
    {
        var refused = requests.Where(r => !applied.ContainsKey(r)).Select(r => r.JobId).ToHashSet();
        var current = refused.Count == 0 ? [] : await Queries.StatesAsync(refused, cancellationToken).ConfigureAwait(false);
        return [.. requests.Select(r => applied.TryGetValue(r, out var state)
            ? new TransitionResult(r.JobId, true, state)
            : new TransitionResult(r.JobId, false, current.TryGetValue(r.JobId, out var now) ? now : null))];
    }

    private static NpgsqlCommand RequestCommand(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction,
        List<TransitionRequest> group, long? now)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(Array(group.Select(r => r.JobId).ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(group.Select(r => r.WorkerId).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(group.Select(r => r.Reason).ToArray(), NpgsqlDbType.Text));
        if (now is { } value)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = value });
        }
        return command;
    }

    private static NpgsqlParameter Array<T>(T[] values, NpgsqlDbType elementType) =>
        new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | elementType };

    /// <inheritdoc />
    public override async Task<int> ExtendLeasesAsync(string workerId, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        var now = NowUs;
        await using var command = _dataSource.CreateCommand(SqlJobQueries.ExtendLeasesSql(JobTableLayout.Split));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now + Microseconds.From(leaseDuration) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workerId });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
