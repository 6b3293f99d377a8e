using Casparian.Broker.Store;
using Casparian.Broker.Store.Catalog;

namespace Casparian.Broker.Tests.Store;

/// <summary>The listings the control API serves: plugins, materializations by source or target, and job paging by cursor.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Plugins_are_listed_by_name_then_version()
    {
        await Store.Catalog.RegisterPluginAsync(new PluginManifest("zeek", "1.0.0", "sha-z", "native", "zeek", "{}"));
        await Store.Catalog.RegisterPluginAsync(new PluginManifest("evtx", "2.0.0", "sha-e2", "python", "evtx.py", "{}"));
        await Store.Catalog.RegisterPluginAsync(new PluginManifest("evtx", "1.0.0", "sha-e1", "python", "evtx.py", "{}"));

        var plugins = await Store.Catalog.ListPluginsAsync();

        Assert.Equal(["evtx 1.0.0", "evtx 2.0.0", "zeek 1.0.0"], plugins.Select(p => $"{p.Name} {p.Version}"));
        Assert.Equal("sha-e1", plugins[0].ArtifactHash);
    }

    [Fact]
    public async Task Materializations_are_found_by_source_hash_or_by_output_target()
    {
        await Store.Catalog.RecordMaterializationsAsync([
            new Materialization("m1", "target-a", "src-1", "sha", 7, 10),
            new Materialization("m2", "target-b", "src-1", "sha", null, 3),
            new Materialization("m3", "target-a", "src-2", "sha", 8, 5),
        ]);

        var bySource = await Store.Catalog.QueryMaterializationsAsync(new MaterializationQuery(SourceHash: "src-1"), 100);
        var byTarget = await Store.Catalog.QueryMaterializationsAsync(new MaterializationQuery(OutputTargetKey: "target-a"), 100);
        var both = await Store.Catalog.QueryMaterializationsAsync(new MaterializationQuery("src-2", "target-a"), 100);

        Assert.Equal(["m1", "m2"], bySource.Select(m => m.Key).Order());
        Assert.Null(bySource.Single(m => m.Key == "m2").JobId);
        Assert.Equal(["m1", "m3"], byTarget.Select(m => m.Key).Order());
        Assert.Equal(new Materialization("m3", "target-a", "src-2", "sha", 8, 5), Assert.Single(both));
        Assert.Single(await Store.Catalog.QueryMaterializationsAsync(new MaterializationQuery(), 1));
    }

    [Fact]
    public async Task A_job_query_after_a_cursor_returns_the_next_page_in_id_order()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await EnqueueOneAsync($"mk-page-{i}", plugin: i % 2 == 0 ? "evtx" : "csv"));
        }

        var first = await Store.QueryJobsAsync(new JobQuery(), 2);
        var second = await Store.QueryJobsAsync(new JobQuery(AfterId: first[^1].Id), 2);
        var evtxAfter = await Store.QueryJobsAsync(new JobQuery(Plugin: "evtx", AfterId: ids[0]), 10);

        Assert.Equal(ids[..2], first.Select(j => j.Id));
        Assert.Equal(ids[2..4], second.Select(j => j.Id));
        Assert.Equal([ids[2], ids[4]], evtxAfter.Select(j => j.Id));
        Assert.Equal(2, await Store.CountJobsAsync(new JobQuery(Plugin: "evtx", AfterId: ids[0])));
    }
}
