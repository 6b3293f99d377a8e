using Casparian.Protocol.Messages;

namespace Casparian.Protocol.Tests.Wire;

/// <summary>One fully populated message of every opcode, for round trips and as seeds for mutation.</summary>
internal static class SampleMessages
{
    public static WireMessage[] All() =>
    [
        new IdentifyMessage { WorkerId = "host-a/1", Version = "0.1.0", Runtimes = ["builtin", "native_exec"], Plugins = ["csv@1.0.0"], Platform = "linux-x64", Capacity = 8 },
        new DispatchMessage
        {
            Attempt = 2,
            InputPath = "/evidence/drop-7/Security.evtx",
            SourceHash = new string('a', 64),
            FileVersionId = 99,
            Plugin = new PluginRef { Name = "evtx", Version = "1.2.0", ArtifactHash = new string('b', 64), RuntimeKind = "native_exec", Entrypoint = "bin/evtx" },
            Outputs = [new ExpectedOutput { Name = "events", Table = "evtx_events", SinkUri = "duckdb:///out.duckdb", SchemaHash = new string('c', 64), OutputTargetKey = new string('d', 64), MaterializationKey = new string('e', 64) }],
            Limits = new JobLimits { WallTimeMs = 60_000, MaxOutputBytes = 1 << 30, MaxLogBytes = 1 << 20 },
        },
        new AbortMessage { Reason = "cancelled by operator" },
        new HeartbeatMessage { RunningJobs = [1, 2, ulong.MaxValue], FreeSlots = 3, SentAtUnixMs = 1_700_000_000_000 },
        new ConcludeMessage
        {
            Attempt = 1,
            Status = ConcludeStatus.Completed,
            SourceHash = new string('a', 64),
            Outputs = [new OutputReceipt { Name = "events", OutputTargetKey = new string('d', 64), MaterializationKey = new string('e', 64), Rows = 1000, QuarantinedRows = 2 }],
            StartedAt = new DateTimeOffset(2026, 11, 22, 5, 0, 0, TimeSpan.Zero),
            FinishedAt = new DateTimeOffset(2026, 11, 22, 5, 0, 1, TimeSpan.Zero),
        },
        new ConcludeMessage { Attempt = 3, Status = ConcludeStatus.Failed, Error = new JobError { Kind = "permanent", Code = "plugin.no_hello", Message = "the plugin did not send hello within 10 s" } },
        new ErrMessage { Code = "BadVersion", Message = "version 2 is not supported" },
        new AcceptMessage { Attempt = 1 },
        new ProgressMessage { Attempt = 1, Rows = 500, Bytes = 65536, TotalBytes = 1 << 20 },
        new ByeMessage { Reason = "SIGTERM" },
    ];
}
