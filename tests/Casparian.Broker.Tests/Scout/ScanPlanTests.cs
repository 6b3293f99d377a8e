using Casparian.Broker.Scout;
using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;
using Casparian.Broker.Store.Catalog;
using Casparian.Protocol.Plugins;

namespace Casparian.Broker.Tests.Scout;

/// <summary>
/// Scans against a real store: what is new, changed, stale or up to date, what gets enqueued, and what the catalog
/// keeps. Derived classes open a DuckDB or a PostgreSQL store; the expectations are the same.
/// </summary>
public abstract class ScanPlanTests : IAsyncLifetime
{
    private const string Sink = "duckdb:///tmp/cf-plan-tests/out.duckdb";
    private readonly string _corpus = Directory.CreateTempSubdirectory("cf-corpus-").FullName;
    private readonly string _bundle = Directory.CreateTempSubdirectory("cf-bundle-").FullName;
    private IStateStore? _store;

    protected IStateStore Store => _store ?? throw new InvalidOperationException("store not open");

    protected abstract Task<IStateStore> OpenStoreAsync();

    public async Task InitializeAsync()
    {
        _store = await OpenStoreAsync();
        Write("logins-day1.csv", "user,ok\nann,true\n");
        Write("logins-day2.csv", "user,ok\nbob,false\n");
        Write("events/process-events.jsonl", "{\"pid\":1}\n");
        Write("events/special-1.csv", "a\n1\n");
        Write("sys/host.log", "Jan 1 00:00:00 host sshd: hello\n");
        Write("notes.txt", "not routed");
        WriteBundle("1.0.0", """{"columns":[{"name":"line","type":"utf8","nullable":false}]}""");
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        Directory.Delete(_corpus, recursive: true);
        Directory.Delete(_bundle, recursive: true);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_corpus, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private void WriteBundle(string version, string schema)
    {
        Directory.CreateDirectory(Path.Combine(_bundle, "schemas"));
        File.WriteAllText(Path.Combine(_bundle, "casparian.toml"), $"""
            name = "lines"
            version = "{version}"
            protocol_version = 1
            runtime_kind = "native_exec"
            entrypoint = "run.sh"
            platform = "any"

            [[outputs]]
            name = "lines"
            table = "log_lines"
            schema = "schemas/lines.json"

            [[routes]]
            glob = "**/*.log"
            tag = "lines"
            priority = 10

            [[routes]]
            glob = "**/special-*.csv"
            tag = "lines"
            priority = 10
            """);
        File.WriteAllText(Path.Combine(_bundle, "run.sh"), "#!/bin/sh\n");
        File.WriteAllText(Path.Combine(_bundle, "schemas", "lines.json"), schema);
    }

    private Task<ScanResult> ScanAsync(bool dryRun = false) =>
        new ScoutScanner(Store, new ScoutOptions
        {
            SinkUri = Sink,
            Plugins = [.. ScoutPlugin.Builtins, ScoutPlugin.FromBundle(PluginBundle.Load(_bundle))],
            HashThreads = 2,
        }).ScanAsync(_corpus, dryRun);

    // What the Sentinel records when workers report success: every expected output of every job is materialized.
    private async Task MaterializeEverythingAsync()
    {
        var jobs = await Store.QueryJobsAsync(JobQuery.All, 10_000);
        var materializations = jobs.SelectMany(j => JobSpec.FromJson(j.Payload!).Outputs.Select(o =>
            new Materialization(o.MaterializationKey, o.OutputTargetKey, j.SourceHash, JobSpec.FromJson(j.Payload!).Plugin.ArtifactHash, j.Id, 1))).ToList();
        await Store.Catalog.RecordMaterializationsAsync(materializations);
    }

    private static Dictionary<string, PlanStatus> StatusByPath(ScanResult result) =>
        result.Plan.Items.ToDictionary(i => i.File.File.RelativePath, i => i.Status);

    [Fact]
    public async Task A_first_scan_plans_every_routed_file_as_new_and_enqueues_one_job_with_its_spec_each()
    {
        var result = await ScanAsync();

        Assert.Equal(5, result.Plan.Items.Count);
        Assert.All(result.Plan.Items, i => Assert.Equal(PlanStatus.New, i.Status));
        Assert.Equal(["notes.txt"], result.Plan.Unrouted);
        Assert.Equal(5, result.Enqueued);
        var jobs = await Store.QueryJobsAsync(JobQuery.All, 100);
        var specs = jobs.ToDictionary(j => Path.GetRelativePath(_corpus, JobSpec.FromJson(j.Payload!).InputPath), j => JobSpec.FromJson(j.Payload!));
        Assert.Equal("builtin:csv", specs["logins-day1.csv"].Plugin.Name);
        Assert.Equal("lines", specs["sys/host.log"].Plugin.Name);
        Assert.Equal(_bundle, specs["sys/host.log"].Plugin.BundlePath);
        Assert.Equal("run.sh", specs["sys/host.log"].Plugin.Entrypoint);
        // A bundle route outranks the builtin csv route for the same file.
        Assert.Equal("lines", specs["events/special-1.csv"].Plugin.Name);
        Assert.Equal("process_events", Assert.Single(specs["events/process-events.jsonl"].Outputs).Table);
        var day1 = Assert.Single(specs["logins-day1.csv"].Outputs);
        var day2 = Assert.Single(specs["logins-day2.csv"].Outputs);
        Assert.Equal(("logins", "logins"), (day1.Table, day2.Table));
        Assert.Equal(day1.OutputTargetKey, day2.OutputTargetKey);
        Assert.NotEqual(day1.MaterializationKey, day2.MaterializationKey);
        Assert.Equal(OutputSchema.Inferred("builtin:csv").Hash, day1.SchemaHash);
        Assert.All(specs.Values, s => Assert.True(Path.IsPathRooted(s.InputPath) && s.FileVersionId > 0));
        Assert.Equal(specs.Count, specs.Values.Select(s => s.FileVersionId).Distinct().Count());
        Assert.NotNull(await Store.Catalog.GetOutputTargetAsync(day1.OutputTargetKey));
        Assert.Equal("lines", (await Store.Catalog.GetLatestContractAsync("lines", "lines"))!.Plugin);
    }

    [Fact]
    public async Task A_rescan_after_everything_materialized_is_up_to_date_and_enqueues_nothing()
    {
        await ScanAsync();
        await MaterializeEverythingAsync();

        var again = await ScanAsync();

        Assert.All(again.Plan.Items, i => Assert.Equal(PlanStatus.UpToDate, i.Status));
        Assert.Equal((0, 0), (again.Enqueued, again.AlreadyQueued));
        Assert.Equal(5, await Store.CountJobsAsync(JobQuery.All));
    }

    [Fact]
    public async Task A_rescan_while_jobs_are_pending_creates_no_second_job()
    {
        await ScanAsync();

        var again = await ScanAsync();

        Assert.All(again.Plan.Items, i => Assert.Equal(PlanStatus.Stale, i.Status));
        Assert.Equal((0, 5), (again.Enqueued, again.AlreadyQueued));
        Assert.Equal(5, await Store.CountJobsAsync(JobQuery.All));
    }

    [Fact]
    public async Task A_changed_file_is_a_new_version_and_only_its_job_runs_again()
    {
        var first = await ScanAsync();
        await MaterializeEverythingAsync();
        var oldHash = first.Plan.Items.Single(i => i.File.File.RelativePath == "logins-day2.csv").File.SourceHash;
        Write("logins-day2.csv", "user,ok\nbob,false\ncarol,true\n");

        var again = await ScanAsync();

        var changed = Assert.Single(again.Plan.Items, i => i.Status != PlanStatus.UpToDate);
        Assert.Equal(("logins-day2.csv", PlanStatus.Changed), (changed.File.File.RelativePath, changed.Status));
        Assert.Equal(1, again.Enqueued);
        var rootId = Assert.Single(await Store.Catalog.ListSourceRootsAsync()).Id;
        Assert.Equal([oldHash, changed.File.SourceHash], await Store.Catalog.FileHistoryAsync(rootId, "logins-day2.csv"));
        Assert.NotNull(await Store.Catalog.GetFileVersionAsync(oldHash));
        var newJob = Assert.Single(await Store.QueryJobsAsync(new JobQuery(SourceHash: changed.File.SourceHash), 10));
        Assert.True(JobSpec.FromJson(newJob.Payload!).FileVersionId > first.Plan.Items.Max(i => i.FileVersionId));
    }

    [Fact]
    public async Task A_new_plugin_version_makes_exactly_the_files_it_covers_stale()
    {
        await ScanAsync();
        await MaterializeEverythingAsync();
        WriteBundle("1.1.0", """{"columns":[{"name":"line","type":"utf8","nullable":false},{"name":"n","type":"int64","nullable":true}]}""");

        var again = await ScanAsync();

        Assert.Equal(new Dictionary<string, PlanStatus>
        {
            ["events/process-events.jsonl"] = PlanStatus.UpToDate,
            ["events/special-1.csv"] = PlanStatus.Stale,
            ["logins-day1.csv"] = PlanStatus.UpToDate,
            ["logins-day2.csv"] = PlanStatus.UpToDate,
            ["sys/host.log"] = PlanStatus.Stale,
        }, StatusByPath(again));
        Assert.Equal(2, again.Enqueued);
        Assert.Equal(2, (await Store.Catalog.GetLatestContractAsync("lines", "lines"))!.Version);
    }

    [Fact]
    public async Task A_changed_bundle_without_a_version_bump_is_refused_with_the_fix()
    {
        await ScanAsync();
        WriteBundle("1.0.0", """{"columns":[{"name":"text","type":"utf8","nullable":false}]}""");

        var error = await Assert.ThrowsAsync<CatalogConflictException>(() => ScanAsync());

        Assert.Contains("lines 1.0.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("new version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_prints_the_plan_and_changes_nothing()
    {
        var dry = await ScanAsync(dryRun: true);

        Assert.All(dry.Plan.Items, i => Assert.Equal(PlanStatus.New, i.Status));
        Assert.Empty(await Store.Catalog.ListSourceRootsAsync());
        Assert.Equal(0, await Store.CountJobsAsync(JobQuery.All));

        await ScanAsync();
        await MaterializeEverythingAsync();
        Write("logins-day1.csv", "user,ok\nzed,true\n");
        var dryChanged = await ScanAsync(dryRun: true);

        Assert.Equal(PlanStatus.Changed, StatusByPath(dryChanged)["logins-day1.csv"]);
        Assert.Equal(5, await Store.CountJobsAsync(JobQuery.All));
        var rootId = Assert.Single(await Store.Catalog.ListSourceRootsAsync()).Id;
        Assert.Single(await Store.Catalog.FileHistoryAsync(rootId, "logins-day1.csv"));
    }
}
