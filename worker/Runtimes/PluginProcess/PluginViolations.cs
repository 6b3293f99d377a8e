using Casparian.Worker.Execution;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>The reason codes of the plugin protocol (plugin spec), and the failures that carry them.</summary>
public static class PluginViolations
{
    public const string NoHello = "plugin.no_hello";
    public const string HelloTimeout = "plugin.hello_timeout";
    public const string BadFrame = "plugin.bad_frame";
    public const string StdoutNotArrow = "plugin.stdout_not_arrow";
    public const string SchemaHashMismatch = "plugin.schema_hash_mismatch";
    public const string InterleavedStreams = "plugin.interleaved_streams";
    public const string UnknownOutput = "plugin.unknown_output";
    public const string RowCountMismatch = "plugin.row_count_mismatch";
    public const string MissingOutput = "plugin.missing_output";
    public const string ReservedColumn = "contract.reserved_column";
    public const string OutputBytes = "limit.output_bytes";
    public const string LogBytes = "limit.log_bytes";
    public const string Error = "plugin.error";
    public const string Crashed = "plugin.crashed";
    public const string ProtocolVersion = "plugin.protocol_version";
    public const string Unkillable = "plugin.unkillable";

    /// <summary>A protocol or contract violation: the job fails at once and is not retried.</summary>
    public static JobFailedException Violation(string code, string message, Exception? inner = null) =>
        new(FailureKind.Permanent, code, message, inner);
}
