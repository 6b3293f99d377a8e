using System.Globalization;
using Casparian.Broker.Store.Sql;
using Casparian.Native.DuckDb;

namespace Casparian.Broker.Store.DuckDb;

/// <summary>
/// The embedded default state store: one DuckDB file, zero set-up. A single writer thread owns the connection and applies
/// concurrent requests in group commits with set-based statements (see <see cref="GroupCommitWriter"/>), because one
/// transaction per job would be bound by DuckDB's per-statement and per-commit cost.
/// </summary>
public sealed class DuckDbStateStore : SqlStateStore
{
    private readonly DuckDbDatabase _database;
    private readonly DuckDbConnection _connection;
    private readonly GroupCommitWriter _writer;
    private int _disposed;

    private DuckDbStateStore(DuckDbDatabase database, DuckDbConnection connection, GroupCommitWriter writer, DuckDbStaging staging, TimeProvider time,
        int schemaVersion)
        : base(new DuckDbSession(writer), time, schemaVersion, new DuckDbFileRecorder(writer, staging))
    {
        _database = database;
        _connection = connection;
        _writer = writer;
    }

    /// <summary>The newest schema version this build creates.</summary>
    public static int LatestSchemaVersion => DuckDbMigrator.Migrations.Count;

    /// <summary>Group commits so far; with concurrent callers it is far below the number of requests.</summary>
    public long Commits => _writer.Commits;

    /// <summary>Opens (creating or migrating forward) the store in the DuckDB file at <paramref name="path"/>.</summary>
    /// <exception cref="StoreSchemaTooNewException">The file was written by a newer Casparian.</exception>
    public static DuckDbStateStore Open(string path, StorePolicy? policy = null, TimeProvider? time = null, DuckDbStoreOptions? options = null) =>
        Open(path, policy, time, options, null);

    /// <summary>Opens the store migrated only up to <paramref name="schemaVersion"/>; tests use it to build old files.</summary>
    internal static DuckDbStateStore Open(string path, StorePolicy? policy, TimeProvider? time, DuckDbStoreOptions? options, int? schemaVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        policy ??= StorePolicy.Default;
        policy.Validate();
        options ??= DuckDbStoreOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxGroup, 1, nameof(options.MaxGroup));
        var database = DuckDbDatabase.Open(path, new DuckDbOpenOptions
        {
            Threads = options.Threads,
            Settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["checkpoint_threshold"] = options.CheckpointThreshold },
        });
        DuckDbConnection? connection = null;
        try
        {
            connection = database.Connect();
            var version = DuckDbMigrator.Migrate(connection, path, schemaVersion);
            time ??= TimeProvider.System;
            var nextId = Convert.ToInt64(connection.ExecuteScalar("SELECT COALESCE(max(id), 0) + 1 FROM jobs"), CultureInfo.InvariantCulture);
            var staging = new DuckDbStaging(connection);
            var writer = new GroupCommitWriter(connection, new DuckDbBatchApplier(connection, staging, policy, time, nextId), options.MaxGroup);
            return new DuckDbStateStore(database, connection, writer, staging, time, version);
        }
        catch
        {
            connection?.Dispose();
            database.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override Task<EnqueueResult> EnqueueAsync(IReadOnlyList<EnqueueRequest> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        EnqueueBatch.Distinct(jobs);
        return jobs.Count == 0 ? Task.FromResult(new EnqueueResult([], 0)) : _writer.Submit(new EnqueueOp(jobs)).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<JobRecord>> LeaseAsync(string workerId, int max, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return _writer.Submit(new LeaseOp(workerId, max, leaseDuration)).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<TransitionResult>> TransitionAsync(IReadOnlyList<TransitionRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        // Validate here so a bad request fails its caller at once instead of a whole group.
        TransitionGroups.Split(requests);
        return requests.Count == 0
            ? Task.FromResult<IReadOnlyList<TransitionResult>>([])
            : _writer.Submit(new TransitionOp(requests)).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override Task<int> ExtendLeasesAsync(string workerId, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        return _writer.Submit(new SqlOp<int>(c =>
        {
            var now = NowUs;
            return (int)DuckDbSql.Execute(c, SqlJobQueries.ExtendLeasesSql(JobTableLayout.OneTable), [now + Microseconds.From(leaseDuration), now, workerId]);
        })).WaitAsync(cancellationToken);
    }

    /// <summary>The value of a DuckDB setting of this store's database, as DuckDB reports it (for tests).</summary>
    internal Task<string?> SettingAsync(string name) =>
        _writer.Submit(new SqlOp<string?>(c => DuckDbSql.Query(c, "SELECT CAST(current_setting($1) AS VARCHAR)", [name], r => r.GetString(0)).Single()));

    /// <summary>Finishes the requests already submitted, then closes the file.</summary>
    public override ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _writer.Dispose();
            _connection.Dispose();
            _database.Dispose();
        }
        return ValueTask.CompletedTask;
    }
}
