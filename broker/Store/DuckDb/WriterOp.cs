using Casparian.Native.DuckDb;

namespace Casparian.Broker.Store.DuckDb;

/// <summary>
/// One request to the single writer. Its work is applied inside a group-commit transaction, possibly re-applied alone if
/// the group fails, and its caller is answered only after the transaction commits.
/// </summary>
internal abstract class WriterOp
{
    public abstract void Complete();

    public abstract void Fail(Exception error);
}

/// <summary>A writer request with a result of type <typeparamref name="T"/>.</summary>
internal abstract class WriterOp<T> : WriterOp
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set while applying; delivered on commit.</summary>
    public T? Result { get; set; }

    public Task<T> Task => _done.Task;

    public override void Complete() => _done.TrySetResult(Result!);

    public override void Fail(Exception error) => _done.TrySetException(error);
}

/// <summary>Creates jobs; merged with the other enqueues of its group.</summary>
internal sealed class EnqueueOp(IReadOnlyList<EnqueueRequest> jobs) : WriterOp<EnqueueResult>
{
    public IReadOnlyList<EnqueueRequest> Jobs { get; } = jobs;
}

/// <summary>Leases jobs to one worker; merged with the other leases of its group into one statement.</summary>
internal sealed class LeaseOp(string workerId, int max, TimeSpan leaseDuration) : WriterOp<IReadOnlyList<JobRecord>>
{
    public string WorkerId { get; } = workerId;

    public int Max { get; } = max;

    public TimeSpan LeaseDuration { get; } = leaseDuration;
}

/// <summary>Applies transitions; merged with the other transitions of its group, one statement per kind.</summary>
internal sealed class TransitionOp(IReadOnlyList<TransitionRequest> requests) : WriterOp<IReadOnlyList<TransitionResult>>
{
    public IReadOnlyList<TransitionRequest> Requests { get; } = requests;
}

/// <summary>Work that is run as it is, not merged.</summary>
internal interface ISqlWork
{
    void Run(DuckDbConnection connection);
}

/// <summary>Any other statement (queries, heartbeats, catalog), run on its own in arrival order.</summary>
internal sealed class SqlOp<T>(Func<DuckDbConnection, T> work) : WriterOp<T>, ISqlWork
{
    public void Run(DuckDbConnection connection) => Result = work(connection);
}
