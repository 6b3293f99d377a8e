namespace Casparian.Broker.Store;

/// <summary>
/// The named transitions of the job state machine. Which states each one starts from and where it leads is defined
/// once, in <see cref="JobTransitions"/>. The numeric values are used on the wire between a store and its SQL.
/// </summary>
public enum JobTransition
{
    /// <summary>A worker leased the job (Queued → Dispatched). Only <see cref="IJobStore.LeaseAsync"/> performs it.</summary>
    Lease = 0,

    /// <summary>The worker sent ACCEPT (Dispatched → Running).</summary>
    Accept = 1,

    /// <summary>The worker concluded with success (Dispatched/Running → Completed).</summary>
    Complete = 2,

    /// <summary>A permanent failure (Dispatched/Running → Failed).</summary>
    Fail = 3,

    /// <summary>A transient failure: back to Queued after a backoff, or DeadLetter when the retry budget is spent.</summary>
    RetryLater = 4,

    /// <summary>The worker had no capacity (Dispatched → Queued); counted as a rejection, not a retry.</summary>
    Reject = 5,

    /// <summary>The worker was lost (Dispatched/Running → Queued), or DeadLetter when the input is poison.</summary>
    WorkerLost = 6,

    /// <summary>Cancel before dispatch (Queued → Aborted).</summary>
    Cancel = 7,

    /// <summary>Cancel after dispatch: the job stays where it is, flagged, until the worker confirms the abort.</summary>
    RequestAbort = 8,

    /// <summary>The worker confirmed the abort with nothing committed (Dispatched/Running → Aborted).</summary>
    ConfirmAbort = 9,

    /// <summary>An operator or the dispatcher gives up on the job (any non-final state or Failed → DeadLetter).</summary>
    DeadLetter = 10,

    /// <summary>An operator retries a finished-but-unsuccessful job (Failed/Aborted/DeadLetter → Queued), with a fresh retry budget.</summary>
    Retry = 11,
}
