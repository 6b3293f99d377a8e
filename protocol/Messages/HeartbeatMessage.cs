using Casparian.Protocol.Wire;

namespace Casparian.Protocol.Messages;

/// <summary>HEARTBEAT (both ways): liveness; from a worker it also lists its running jobs and free slots.</summary>
public sealed record HeartbeatMessage : WireMessage
{
    protected override Opcode WireOpcode => Opcode.Heartbeat;

    /// <summary>Jobs the worker is running now (empty from the broker).</summary>
    public IReadOnlyList<ulong> RunningJobs { get; init; } = [];

    /// <summary>Slots the worker could fill now.</summary>
    public int FreeSlots { get; init; }

    /// <summary>Sender's clock, Unix milliseconds, for latency estimates.</summary>
    public long SentAtUnixMs { get; init; }

    public override void Validate()
    {
        // JSON null slips past nullable annotations on collections, so check it here.
        Require(RunningJobs is not null, "meta.running_jobs", "must be a list");
        Require(RunningJobs!.Count <= 65536, "meta.running_jobs", "at most 65536 entries");
        Require(FreeSlots >= 0, "meta.free_slots", "must not be negative");
    }
}
