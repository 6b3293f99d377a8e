using Casparian.Protocol.Wire;

namespace Casparian.Protocol.Messages;

/// <summary>IDENTIFY (W→S): who the worker is, what it can run and how many jobs at once.</summary>
public sealed record IdentifyMessage : WireMessage
{
    protected override Opcode WireOpcode => Opcode.Identify;

    /// <summary>Stable worker id chosen by the worker (host name and a suffix by default).</summary>
    public required string WorkerId { get; init; }

    /// <summary>The worker's software version.</summary>
    public required string Version { get; init; }

    /// <summary>Plugin runtimes it can run, e.g. <c>builtin</c>, <c>native_exec</c>, <c>python_shim</c>.</summary>
    public IReadOnlyList<string> Runtimes { get; init; } = [];

    /// <summary>Plugins it has installed locally (name@version), if any.</summary>
    public IReadOnlyList<string> Plugins { get; init; } = [];

    /// <summary>Platform, e.g. <c>linux-x64</c>.</summary>
    public string Platform { get; init; } = "";

    /// <summary>Most jobs it runs at once.</summary>
    public required int Capacity { get; init; }

    /// <summary>
    /// Jobs it accepts beyond <see cref="Capacity"/> and queues until a slot frees, so the next job is already there
    /// when one ends (worth it for many short jobs; 0 for long ones, which another worker may start sooner).
    /// </summary>
    public int Prefetch { get; init; }

    public override void Validate()
    {
        RequireText(WorkerId, "meta.worker_id", 256);
        RequireText(Version, "meta.version", 256);
        Require(Capacity is >= 1 and <= 65536, "meta.capacity", "must be between 1 and 65536");
        Require(Prefetch is >= 0 and <= 65536, "meta.prefetch", "must be between 0 and 65536");
        Require(Runtimes is not null && Plugins is not null && Platform is not null, "meta.runtimes", "lists must not be null");
        Require(Runtimes!.Count <= 64 && Plugins!.Count <= 4096, "meta.runtimes", "too many entries");
    }
}
