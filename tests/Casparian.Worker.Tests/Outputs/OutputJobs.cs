using Casparian.Protocol.Identity;
using Casparian.Protocol.Messages;
using Casparian.Worker.Execution;

namespace Casparian.Worker.Tests.Outputs;

/// <summary>A builtin:csv job for one input, with one expected output keyed as the Sentinel keys it.</summary>
internal static class OutputJobs
{
    public const string ArtifactHash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static JobContext Csv(string inputPath, string table, string sinkUri, string mode = "Append", ulong jobId = 5, int attempt = 1)
    {
        var sourceHash = SourceHashOf(inputPath);
        var schemaHash = SchemaHash.Of("""{"inferred":"builtin:csv"}""");
        var target = OutputTargetKey.Of(sinkUri, table, schemaHash, Enum.Parse<Protocol.Identity.SinkMode>(mode, ignoreCase: true));
        return new JobContext(jobId, new DispatchMessage
        {
            Attempt = attempt,
            InputPath = inputPath,
            SourceHash = sourceHash,
            FileVersionId = 11,
            Plugin = new PluginRef { Name = "builtin:csv", Version = "1", ArtifactHash = ArtifactHash, RuntimeKind = "builtin" },
            Outputs =
            [
                new ExpectedOutput
                {
                    Name = "rows", Table = table, SinkUri = sinkUri, SinkMode = mode, SchemaHash = schemaHash,
                    OutputTargetKey = target, MaterializationKey = MaterializationKey.Of(target, sourceHash, ArtifactHash),
                },
            ],
        });
    }

    private static string SourceHashOf(string path)
    {
        var hasher = Protocol.Hashing.Blake3Hasher.Create();
        Protocol.Hashing.Blake3Streams.HashFile(hasher, path, 1);
        return Convert.ToHexStringLower(hasher.Finalize());
    }
}
