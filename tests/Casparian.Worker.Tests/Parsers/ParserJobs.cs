using Casparian.Protocol.Messages;
using Casparian.Worker.Execution;

namespace Casparian.Worker.Tests.Parsers;

/// <summary>Builds the job a builtin parser receives for one input file and one output table.</summary>
internal static class ParserJobs
{
    public const string ArtifactHash = "artifact-0123";

    public static JobContext For(string inputPath, string table, string plugin, string? sourceHash = "source-abc", ulong jobId = 42, long fileVersionId = 7) =>
        new(jobId, new DispatchMessage
        {
            Attempt = 1,
            InputPath = inputPath,
            SourceHash = sourceHash,
            FileVersionId = fileVersionId,
            Plugin = new PluginRef { Name = plugin, Version = "1", ArtifactHash = ArtifactHash, RuntimeKind = "builtin" },
            Outputs =
            [
                new ExpectedOutput
                {
                    Name = "main", Table = table, SinkUri = "duckdb://test.db", SchemaHash = "h",
                    OutputTargetKey = "otk", MaterializationKey = "mk",
                },
            ],
        });
}
