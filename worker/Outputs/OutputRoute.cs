using Casparian.Protocol.Messages;
using Casparian.Worker.Execution;
using Casparian.Worker.Sinks;

namespace Casparian.Worker.Outputs;

/// <summary>
/// Where a table a parser opens goes: the DISPATCH's expected output with that table, or, for
/// <c>&lt;table&gt;__quarantine</c>, the same sink and key as <c>&lt;table&gt;</c> (mode Append, or Replace when the
/// table is replaced, so the quarantine always matches the rows beside it).
/// </summary>
/// <param name="Output">The expected output whose sink URI and materialization key the table uses.</param>
/// <param name="Mode">The sink mode for the table.</param>
public sealed record OutputRoute(ExpectedOutput Output, SinkMode Mode)
{
    /// <summary>The suffix of a table's quarantine table.</summary>
    public const string QuarantineSuffix = "__quarantine";

    /// <summary>
    /// The route of <paramref name="table"/>; a table the DISPATCH does not expect fails the job
    /// (<c>output.unexpected_table</c>, permanent).
    /// </summary>
    public static OutputRoute Of(DispatchMessage dispatch, string table)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        ArgumentNullException.ThrowIfNull(table);
        if (Find(dispatch, table) is { } exact)
        {
            return new OutputRoute(exact, ModeOf(exact));
        }
        if (table.EndsWith(QuarantineSuffix, StringComparison.Ordinal) && Find(dispatch, table[..^QuarantineSuffix.Length]) is { } main)
        {
            return new OutputRoute(main, ModeOf(main) == SinkMode.Replace ? SinkMode.Replace : SinkMode.Append);
        }
        var expected = string.Join(", ", dispatch.Outputs.Select(o => o.Table));
        throw new JobFailedException(FailureKind.Permanent, "output.unexpected_table",
            $"the plugin wrote table '{table}', but the job expects only [{expected}] (and their {QuarantineSuffix} tables); declare the output in the plugin's manifest or stop writing it");
    }

    private static ExpectedOutput? Find(DispatchMessage dispatch, string table) =>
        dispatch.Outputs.FirstOrDefault(o => string.Equals(o.Table, table, StringComparison.Ordinal));

    private static SinkMode ModeOf(ExpectedOutput output) =>
        Enum.TryParse<SinkMode>(output.SinkMode, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new JobFailedException(FailureKind.Permanent, "output.bad_sink_mode",
                $"output '{output.Name}' has sink mode '{output.SinkMode}'; use Append, Replace or Error");
}
