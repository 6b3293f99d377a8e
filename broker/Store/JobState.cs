namespace Casparian.Broker.Store;

/// <summary>
/// The states of a job (DESIGN §4). The numeric values are stored in the database and must never change.
/// </summary>
public enum JobState
{
    /// <summary>Waiting to be leased by a worker (possibly not before <see cref="JobRecord.NotBefore"/>).</summary>
    Queued = 0,

    /// <summary>Leased to a worker; DISPATCH sent, ACCEPT not yet received.</summary>
    Dispatched = 1,

    /// <summary>The worker confirmed it started the job.</summary>
    Running = 2,

    /// <summary>Finished successfully; terminal.</summary>
    Completed = 3,

    /// <summary>Failed permanently (protocol or contract violation); terminal until an operator retries it.</summary>
    Failed = 4,

    /// <summary>Cancelled, with nothing committed; terminal until an operator retries it.</summary>
    Aborted = 5,

    /// <summary>Out of retry budget, or a poison input; terminal until an operator retries it.</summary>
    DeadLetter = 6,
}
