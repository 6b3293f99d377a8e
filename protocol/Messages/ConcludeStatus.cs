namespace Casparian.Protocol.Messages;

/// <summary>How a job ended on the worker.</summary>
public enum ConcludeStatus
{
    /// <summary>All outputs committed.</summary>
    Completed,

    /// <summary>Nothing committed; see the error.</summary>
    Failed,

    /// <summary>Stopped by ABORT, shutdown or a limit; nothing committed.</summary>
    Aborted,

    /// <summary>The worker had no free slot; the job goes back to the queue without using its retry budget.</summary>
    Rejected,
}
