namespace Casparian.Broker.Sentinel;

/// <summary>ERR codes the Sentinel sends beyond the protocol errors; workers act on them.</summary>
public static class SentinelErrors
{
    /// <summary>The Sentinel does not know this worker (e.g. it restarted): send IDENTIFY.</summary>
    public const string IdentifyFirst = "IdentifyFirst";

    /// <summary>The IDENTIFY's worker id differs from the socket's routing id.</summary>
    public const string WorkerIdMismatch = "WorkerIdMismatch";
}
