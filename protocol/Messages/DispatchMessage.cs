using Casparian.Protocol.Wire;

namespace Casparian.Protocol.Messages;

/// <summary>DISPATCH (S→W): run a job. The job id travels in the header.</summary>
public sealed record DispatchMessage : WireMessage
{
    protected override Opcode WireOpcode => Opcode.Dispatch;

    /// <summary>
    /// Which lease of the job this is; the worker echoes it in ACCEPT, PROGRESS and CONCLUDE so a late receipt from an
    /// earlier lease (after a requeue) is recognised and changes nothing.
    /// </summary>
    public required int Attempt { get; init; }

    /// <summary>Path of the input file as the worker sees it.</summary>
    public required string InputPath { get; init; }

    /// <summary>BLAKE3 (hex) of the input as scanned; the worker re-hashes and reports what it read.</summary>
    public string? SourceHash { get; init; }

    /// <summary>Catalog id of the file version.</summary>
    public long FileVersionId { get; init; }

    public required PluginRef Plugin { get; init; }

    public IReadOnlyList<ExpectedOutput> Outputs { get; init; } = [];

    public JobLimits Limits { get; init; } = new();

    public override void Validate()
    {
        Require(Attempt >= 1, "meta.attempt", "must be at least 1");
        RequireText(InputPath, "meta.input_path");
        Require(Plugin is not null, "meta.plugin", "is required");
        RequireText(Plugin!.Name, "meta.plugin.name", 256);
        RequireText(Plugin.RuntimeKind, "meta.plugin.runtime_kind", 64);
        Require(Outputs is not null && Limits is not null, "meta.outputs", "must not be null");
        Require(Outputs!.Count <= 1024, "meta.outputs", "at most 1024 outputs");
    }
}
