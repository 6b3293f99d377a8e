using Casparian.Broker.Store.Catalog;

namespace Casparian.Broker.Tests.Store;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Source_roots_are_added_once()
    {
        var a = await Store.Catalog.AddSourceRootAsync("file:///evidence/a");
        var b = await Store.Catalog.AddSourceRootAsync("file:///evidence/b");

        Assert.Equal(a, await Store.Catalog.AddSourceRootAsync("file:///evidence/a"));
        Assert.NotEqual(a, b);
        Assert.Equal(["file:///evidence/a", "file:///evidence/b"], (await Store.Catalog.ListSourceRootsAsync()).Select(r => r.Uri));
    }

    [Fact]
    public async Task A_changed_file_is_a_new_version_and_old_versions_are_kept()
    {
        var root = await Store.Catalog.AddSourceRootAsync("file:///evidence");

        Assert.True(await Store.Catalog.RecordFileAsync(root, "host1/Security.evtx", "hash-1", 1000));
        Assert.False(await Store.Catalog.RecordFileAsync(root, "host1/Security.evtx", "hash-1", 1000));
        Assert.True(await Store.Catalog.RecordFileAsync(root, "host1/Security.evtx", "hash-2", 2000));

        Assert.Equal("hash-2", (await Store.Catalog.GetFileLocationAsync(root, "host1/Security.evtx"))?.SourceHash);
        Assert.Equal(["hash-1", "hash-2"], await Store.Catalog.FileHistoryAsync(root, "host1/Security.evtx"));
        Assert.Equal(1000, (await Store.Catalog.GetFileVersionAsync("hash-1"))?.Size);
        Assert.Null(await Store.Catalog.GetFileLocationAsync(root, "missing"));
    }

    [Fact]
    public async Task Routing_maps_globs_to_tags_to_plugins()
    {
        await Store.Catalog.AddRoutingRuleAsync(new RoutingRule("**/*.evtx", "evtx", 10));
        await Store.Catalog.AddRoutingRuleAsync(new RoutingRule("**/*.csv", "csv", 1));
        await Store.Catalog.BindTagAsync("evtx", "evtx-parser");
        await Store.Catalog.BindTagAsync("evtx", "evtx-parser");
        await Store.Catalog.BindTagAsync("evtx", "evtx-summary");

        Assert.Equal(["**/*.evtx", "**/*.csv"], (await Store.Catalog.ListRoutingRulesAsync()).Select(r => r.Glob));
        Assert.Equal(["evtx-parser", "evtx-summary"], await Store.Catalog.PluginsForTagAsync("evtx"));
        Assert.Empty(await Store.Catalog.PluginsForTagAsync("syslog"));
    }

    [Fact]
    public async Task A_plugin_version_cannot_change_its_artifact()
    {
        var manifest = new PluginManifest("evtx-parser", "1.0.0", "sha256-a", "native_exec", "bin/parse", "{}");
        await Store.Catalog.RegisterPluginAsync(manifest);
        await Store.Catalog.RegisterPluginAsync(manifest);

        var conflict = await Assert.ThrowsAsync<CatalogConflictException>(() => Store.Catalog.RegisterPluginAsync(manifest with { ArtifactHash = "sha256-b" }));

        Assert.Contains("new version", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("sha256-a", (await Store.Catalog.GetPluginAsync("evtx-parser", "1.0.0"))?.ArtifactHash);
    }

    [Fact]
    public async Task A_changed_schema_without_a_version_bump_is_refused()
    {
        var v1 = new SchemaContract("evtx-parser", "events", 1, "schema-a", "{\"fields\":[]}");
        await Store.Catalog.RegisterContractAsync(v1);
        await Store.Catalog.RegisterContractAsync(v1);

        var conflict = await Assert.ThrowsAsync<CatalogConflictException>(() => Store.Catalog.RegisterContractAsync(v1 with { SchemaHash = "schema-b" }));
        await Store.Catalog.RegisterContractAsync(v1 with { Version = 2, SchemaHash = "schema-b" });

        Assert.Contains("bump the contract version", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(("schema-b", 2), await Store.Catalog.GetLatestContractAsync("evtx-parser", "events") is { } c ? (c.SchemaHash, c.Version) : default);
    }

    [Fact]
    public async Task Materializations_tell_which_keys_are_still_missing()
    {
        await Store.Catalog.RegisterOutputTargetAsync(new OutputTarget("target-1", "parquet:///out", "events", "schema-a", "Append"));
        await Store.Catalog.RecordMaterializationsAsync([new Materialization("m1", "target-1", "hash-1", "sha256-a", 7, 120)]);
        await Store.Catalog.RecordMaterializationsAsync([new Materialization("m1", "target-1", "hash-1", "sha256-a", 7, 120)]);

        Assert.Equal(["m2", "m3"], await Store.Catalog.MissingMaterializationsAsync(["m2", "m1", "m3"]));
        Assert.Equal("parquet:///out", (await Store.Catalog.GetOutputTargetAsync("target-1"))?.SinkUri);
        Assert.Null(await Store.Catalog.GetOutputTargetAsync("target-2"));
    }
}
