using Casparian.Broker.Store;

namespace Casparian.Broker.Tests.Store;

/// <summary>
/// The contract every state store adapter passes, unchanged: the transition table (every allowed transition applies,
/// every other one is refused), leasing order, counters, lost workers, poison inputs, cancel, retry, queries and
/// migrations. Derived classes only say how to open a database of their kind.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    protected const string Worker = "worker-1";
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    protected ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero));

    protected StorePolicy Policy { get; } = new()
    {
        MaxRetries = 2,
        PoisonCrashes = 2,
        RetryBackoff = TimeSpan.FromSeconds(10),
        MaxRetryBackoff = TimeSpan.FromMinutes(1),
    };

    private IStateStore? _store;

    protected IStateStore Store => _store ?? throw new InvalidOperationException("store not open");

    /// <summary>A fresh, empty database location (connection string or file path).</summary>
    protected abstract Task<string> NewDatabaseAsync();

    /// <summary>Opens the store at <paramref name="location"/>, migrating up to <paramref name="schemaVersion"/> (null: newest).</summary>
    protected abstract Task<IStateStore> OpenAsync(string location, StorePolicy policy, TimeProvider time, int? schemaVersion = null);

    /// <summary>Writes a schema version newer than this build knows, as a future Casparian would.</summary>
    protected abstract Task MarkSchemaVersionAsync(string location, int version);

    /// <summary>
    /// Adds a job to a database still at schema version 1 using only version-1 columns, as an old Casparian would have
    /// (today's code always writes today's columns); returns its id.
    /// </summary>
    protected abstract Task<long> InsertVersionOneJobAsync(string location, string materializationKey);

    /// <summary>The newest schema version of the adapter.</summary>
    protected abstract int LatestSchemaVersion { get; }

    public async Task InitializeAsync() => _store = await OpenAsync(await NewDatabaseAsync(), Policy, Clock);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    protected static EnqueueRequest Job(string key, string source = "src-a", string plugin = "evtx", int priority = 0) =>
        new(key, source, plugin, priority);

    protected async Task<long> EnqueueOneAsync(string key, string source = "src-a", string plugin = "evtx", int priority = 0)
    {
        var result = await Store.EnqueueAsync([Job(key, source, plugin, priority)]);
        return Assert.Single(result.NewJobIds);
    }

    protected async Task<JobRecord> JobAsync(long id) => await Store.GetJobAsync(id) ?? throw new InvalidOperationException($"job {id} is missing");

    protected async Task<long> LeaseOneAsync(string worker = Worker)
    {
        var leased = await Store.LeaseAsync(worker, 1, Lease);
        return Assert.Single(leased).Id;
    }

    protected async Task ApplyAsync(long id, JobTransition kind, string? worker = null)
    {
        var result = await Store.TransitionAsync(id, kind, worker);
        Assert.True(result.Applied, $"{kind} of job {id} was refused in state {result.State}");
    }

    /// <summary>Drives a new job into <paramref name="state"/> by allowed transitions only; returns its id.</summary>
    protected async Task<long> JobInStateAsync(JobState state, string key = "k1")
    {
        var id = await EnqueueOneAsync(key);
        switch (state)
        {
            case JobState.Queued:
                break;
            case JobState.Dispatched:
                Assert.Equal(id, await LeaseOneAsync());
                break;
            case JobState.Running:
                Assert.Equal(id, await LeaseOneAsync());
                await ApplyAsync(id, JobTransition.Accept, Worker);
                break;
            case JobState.Completed:
            case JobState.Failed:
                Assert.Equal(id, await LeaseOneAsync());
                await ApplyAsync(id, JobTransition.Accept, Worker);
                await ApplyAsync(id, state == JobState.Completed ? JobTransition.Complete : JobTransition.Fail, Worker);
                break;
            case JobState.Aborted:
                await ApplyAsync(id, JobTransition.Cancel);
                break;
            case JobState.DeadLetter:
                await ApplyAsync(id, JobTransition.DeadLetter);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, null);
        }
        Assert.Equal(state, (await JobAsync(id)).State);
        return id;
    }

    /// <summary>Every (transition, source state) pair of the table, Lease excluded (it has its own tests).</summary>
    public static TheoryData<JobTransition, JobState> AllowedPairs()
    {
        var data = new TheoryData<JobTransition, JobState>();
        foreach (var rule in JobTransitions.Table.Values.Where(r => r.Kind != JobTransition.Lease).OrderBy(r => r.Kind))
        {
            foreach (var from in rule.From)
            {
                data.Add(rule.Kind, from);
            }
        }
        return data;
    }

    /// <summary>Every (transition, state) pair the table does not allow.</summary>
    public static TheoryData<JobTransition, JobState> RefusedPairs()
    {
        var data = new TheoryData<JobTransition, JobState>();
        foreach (var rule in JobTransitions.Table.Values.Where(r => r.Kind != JobTransition.Lease).OrderBy(r => r.Kind))
        {
            foreach (var state in Enum.GetValues<JobState>().Where(s => !rule.Allows(s)))
            {
                data.Add(rule.Kind, state);
            }
        }
        return data;
    }
}
