namespace Casparian.Protocol.Wire;

/// <summary>The operation a message carries (DESIGN §3). The numbers are the wire values and never change.</summary>
public enum Opcode : byte
{
    /// <summary>W→S: worker id, version, capabilities, capacity.</summary>
    Identify = 1,

    /// <summary>S→W: a job to run.</summary>
    Dispatch = 2,

    /// <summary>S→W: stop a job now; nothing may be committed after it.</summary>
    Abort = 3,

    /// <summary>Both ways: liveness; the worker reports running jobs and load.</summary>
    Heartbeat = 4,

    /// <summary>W→S: the receipt of a job.</summary>
    Conclude = 5,

    /// <summary>Both ways: a protocol error notice.</summary>
    Err = 6,

    /// <summary>W→S: the worker started the job (Dispatched → Running).</summary>
    Accept = 7,

    /// <summary>W→S: rows and bytes done.</summary>
    Progress = 8,

    /// <summary>W→S: graceful drain, take no new jobs.</summary>
    Bye = 9,
}
