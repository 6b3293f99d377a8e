using Casparian.Protocol.Messages;
using Casparian.Protocol.Plugins;
using Casparian.Testing;
using Casparian.Worker.Execution;
using Casparian.Worker.Runtimes.NativeExec;
using Casparian.Worker.Runtimes.PythonShim;
using Casparian.Worker.Tests.Parsers;

namespace Casparian.Worker.Tests.Runtimes.PythonShim;

/// <summary>The python_shim runtime end to end: the demo's syslog bundle run by the worker through the protocol host.</summary>
public sealed class PythonShimRuntimeTests : IDisposable
{
    private static readonly string BundlePath = RepoPaths.Fixture("plugins", "syslog");
    private readonly string _cache = Directory.CreateTempSubdirectory("cf-venvs-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public async Task The_syslog_plugin_turns_the_demo_log_into_248_rows_and_2_quarantined_with_lineage()
    {
        var bundle = PluginBundle.Load(BundlePath);
        var outputs = new CollectingOutputs();
        var runtime = new PythonShimRuntime(new NativeExecOptions(), outputs, new PythonEnvironments(new PythonEnvironmentOptions { CacheDirectory = _cache }));

        var outcome = await runtime.RunAsync(Job(bundle, RepoPaths.Fixture("demo", "syslog", "auth.log")), CancellationToken.None);

        var receipt = Assert.Single(outcome.Outputs);
        Assert.Equal((248L, 2L), (receipt.Rows, receipt.QuarantinedRows));
        Assert.True(outputs.Completed);
        Assert.Equal(248, outputs.RowCounts["syslog_events"]);
        Assert.Equal(2, outputs.RowCounts["syslog_events__quarantine"]);
        Assert.All(outputs.Column("syslog_events", "_cf_artifact_hash"), v => Assert.Equal(bundle.ArtifactHash, v));
        Assert.Equal(["syslog.unparsable", "syslog.unparsable"], outputs.Column("syslog_events__quarantine", "reason"));
    }

    [Fact]
    public async Task An_entrypoint_outside_the_bundle_is_refused_before_python_starts()
    {
        var bundle = PluginBundle.Load(BundlePath);
        var outputs = new CollectingOutputs();
        var runtime = new PythonShimRuntime(new NativeExecOptions(), outputs, new PythonEnvironments(new PythonEnvironmentOptions { CacheDirectory = _cache }));
        var job = Job(bundle, RepoPaths.Fixture("demo", "syslog", "auth.log"));
        job = job with { Dispatch = job.Dispatch with { Plugin = job.Dispatch.Plugin with { Entrypoint = "../sleep/run.sh" } } };

        var error = await Assert.ThrowsAsync<JobFailedException>(() => runtime.RunAsync(job, CancellationToken.None));

        Assert.Equal("plugin.entrypoint_outside_bundle", error.Code);
        Assert.False(outputs.Completed);
    }

    private static JobContext Job(PluginBundle bundle, string input) => new(9001, new DispatchMessage
    {
        Attempt = 1,
        InputPath = input,
        SourceHash = new string('a', 64),
        FileVersionId = 3,
        Plugin = new PluginRef
        {
            Name = bundle.Name, Version = bundle.Version, ArtifactHash = bundle.ArtifactHash, RuntimeKind = "python_shim",
            BundlePath = bundle.Directory, Entrypoint = bundle.Entrypoint,
        },
        Outputs = [.. bundle.Outputs.Select(o => new ExpectedOutput
        {
            Name = o.Name, Table = o.Table, SinkUri = "arrow:///test", SchemaHash = o.Schema.Hash, OutputTargetKey = "otk", MaterializationKey = "mk",
        })],
    });
}
