using Casparian.Testing;

namespace Casparian.Cli.Tests.Run;

/// <summary>
/// <c>casparian run</c> as a user runs it: a real process in a project folder, the demo CSV and JSONL files, the
/// summary it prints, the tables it leaves in <c>.casparian/out.duckdb</c>, and what a rerun does.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly string _project = Directory.CreateTempSubdirectory("cf-run-").FullName;

    public void Dispose() => Directory.Delete(_project, recursive: true);

    private string OutFile => Path.Combine(_project, ".casparian", "out.duckdb");

    private string Corpus() => RunCli.DemoCorpus(_project, "csv/logins-day1.csv", "csv/logins-day2.csv", "jsonl/process-events.jsonl");

    [Fact]
    public async Task The_demo_is_ingested_with_a_summary_and_a_second_run_finds_everything_up_to_date()
    {
        var corpus = Corpus();

        var first = await RunCli.RunAsync(_project, Timeout, "run", corpus, "--workers", "2");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Matches(@"logins\s+394 rows\s+\(6 quarantined in logins__quarantine\)", first.Stdout);
        Assert.Matches(@"process_events\s+\d+ rows", first.Stdout);
        Assert.Contains("3 jobs enqueued, 0 up to date", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("casparian query \"SELECT", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(["logins", "logins__quarantine", "process_events", "process_events__quarantine"], RunCli.Tables(OutFile));
        var rows = RunCli.Rows(OutFile, "logins");
        Assert.Equal(394, rows.Count);

        var second = await RunCli.RunAsync(_project, Timeout, "run", corpus, "--workers", "2");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("0 jobs enqueued; everything is up to date", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(rows, RunCli.Rows(OutFile, "logins"));

        var query = await RunCli.RunAsync(_project, Timeout, "query", "SELECT count(*) AS n FROM logins", "--format", "csv");
        Assert.Equal("n\n394\n", query.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_changed_file_reruns_only_its_job_and_its_old_rows_stay_traceable_by_source_hash()
    {
        var corpus = Corpus();
        var day2 = Path.Combine(corpus, "csv", "logins-day2.csv");
        var oldHash = (await ExternalCommand.RunAsync("b3sum", ["--no-names", day2], TimeSpan.FromSeconds(30))).Trim();
        Assert.Equal(0, (await RunCli.RunAsync(_project, Timeout, "run", corpus, "--workers", "2")).ExitCode);
        var before = RunCli.Rows(OutFile, "logins");
        var lines = await File.ReadAllLinesAsync(day2);
        await File.AppendAllTextAsync(day2, lines[1] + "\n");
        var newHash = (await ExternalCommand.RunAsync("b3sum", ["--no-names", day2], TimeSpan.FromSeconds(30))).Trim();

        var rerun = await RunCli.RunAsync(_project, Timeout, "run", corpus, "--workers", "2");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("scanned", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 new, 1 changed, 0 stale, 2 up to date", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 jobs enqueued, 2 up to date", rerun.Stdout, StringComparison.Ordinal);
        var after = RunCli.Rows(OutFile, "logins");
        // Nothing that was there is gone, and the new version adds its 197 + 1 rows under its own hash.
        Assert.Empty(before.Except(after));
        Assert.Equal(before.Count + 198, after.Count);
        Assert.Equal(197, after.Count(r => r.Contains(oldHash, StringComparison.Ordinal) && before.Contains(r)));
        Assert.Equal(198, after.Count(r => r.Contains(newHash, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_new_version_of_the_Python_plugin_reruns_exactly_the_files_it_covers()
    {
        var corpus = RunCli.DemoCorpus(_project, "csv/logins-day1.csv", "syslog/auth.log", "jsonl/process-events.jsonl");
        var bundle = Path.Combine(_project, "syslog-plugin");
        CopyTree(RepoPaths.Fixture("plugins", "syslog"), bundle);
        var first = await RunCli.RunAsync(_project, Timeout, "run", corpus, "--plugin", bundle, "--workers", "2");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Matches(@"syslog_events\s+248 rows\s+\(2 quarantined", first.Stdout);

        // Publish 1.0.1: new code (an edit) under a new version.
        var manifest = Path.Combine(bundle, "casparian.toml");
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace("version = \"1.0.0\"", "version = \"1.0.1\"", StringComparison.Ordinal));
        await File.AppendAllTextAsync(Path.Combine(bundle, "syslog_plugin.py"), "\n# 1.0.1: same parsing, new artifact\n");
        var rerun = await RunCli.RunAsync(_project, Timeout, "run", corpus, "--plugin", bundle, "--workers", "2");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("0 new, 0 changed, 1 stale, 2 up to date", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 jobs enqueued", rerun.Stdout, StringComparison.Ordinal);
        // Both versions' rows stay, each traceable to its own artifact.
        Assert.Equal(2, RunCli.RowsFrom(OutFile, "(SELECT DISTINCT _cf_artifact_hash, 0 AS _cf_job_id, 0 AS _cf_processed_at FROM syslog_events)").Count);
        Assert.Equal(2 * 248, RunCli.Rows(OutFile, "syslog_events").Count);
        Assert.Equal(394 / 2, RunCli.Rows(OutFile, "logins").Count);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.Contains("__pycache__", StringComparison.Ordinal))
            {
                continue;
            }
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task After_a_run_jobs_and_status_read_the_project_store_and_retry_refuses_a_completed_job()
    {
        var corpus = Corpus();
        Assert.Equal(0, (await RunCli.RunAsync(_project, Timeout, "run", corpus, "--workers", "1")).ExitCode);

        var status = await RunCli.RunAsync(_project, Timeout, "status");
        var list = await RunCli.RunAsync(_project, Timeout, "jobs", "ls", "--state", "completed");
        var firstId = list.Stdout.Split('\n')[1].Trim().Split(' ')[0];
        var show = await RunCli.RunAsync(_project, Timeout, "jobs", "show", firstId);
        var retry = await RunCli.RunAsync(_project, Timeout, "jobs", "retry", firstId);

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("local store", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("completed=3", status.Stdout, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("3 of 3 job(s)", list.Stdout, StringComparison.Ordinal);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("\"state\": \"completed\"", show.Stdout, StringComparison.Ordinal);
        Assert.True(retry.ExitCode == 1, retry.ToString());
        Assert.Contains("only failed, aborted or dead_letter jobs can be retried", retry.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_prints_the_plan_and_creates_nothing()
    {
        var corpus = Corpus();

        var dry = await RunCli.RunAsync(_project, Timeout, "run", corpus, "--dry-run");

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("3 new, 0 changed, 0 stale, 0 up to date", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("new      csv/logins-day1.csv -> builtin:csv@0.1.0 -> logins", dry.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_project, ".casparian")));
    }

    [Theory]
    [InlineData("run", "missing-folder", "is not a folder")]
    [InlineData("run", ".", "--out 'nope://x' is not a sink", "--out", "nope://x")]
    [InlineData("run", ".", "--store 'sqlite:x' is not a store location", "--store", "sqlite:x")]
    [InlineData("scan", ".", "is not a plugin bundle", "--plugin", "no-such-bundle")]
    [InlineData("query", "SELECT 1", "does not exist yet; run casparian run DIR first")]
    public async Task Bad_input_exits_with_2_and_names_the_fix(string command, string argument, string message, params string[] extra)
    {
        var result = await RunCli.RunAsync(_project, Timeout, [command, argument, .. extra]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }
}
