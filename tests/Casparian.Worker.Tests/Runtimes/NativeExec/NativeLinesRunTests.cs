using Casparian.Protocol.Messages;
using Casparian.Worker.Lineage;
using Casparian.Worker.Runtimes.NativeExec;

namespace Casparian.Worker.Tests.Runtimes.NativeExec;

/// <summary>Well-behaved runs of the native-lines fixture through native_exec: rows, quarantine, lineage, receipts, environment.</summary>
public sealed class NativeLinesRunTests : IDisposable
{
    private readonly NativeLinesFixture _plugin = new();
    private readonly WatchedOutputs _outputs = new();

    public void Dispose()
    {
        _plugin.Dispose();
        _outputs.Dispose();
    }

    [Fact]
    public async Task Good_lines_become_rows_and_bad_ones_quarantine_rows_with_reasons_and_lineage()
    {
        // Line 1 is the directive; then good, empty, not UTF-8, null (\N under null-text), good.
        var input = _plugin.Input("null-text", [.. "alpha\n\nbr"u8, 0xFF, .. "oken\n\\N\nomega é\n"u8]);
        var before = DateTimeOffset.UtcNow;

        var outcome = await Runtime().RunAsync(NativeLinesFixture.Job(input, jobId: 9001), CancellationToken.None);

        Assert.True(_outputs.Completed);
        Assert.Equal(["native_lines.arrows", "native_lines__quarantine.arrows"], _outputs.Files());
        var lines = _outputs.Read("native_lines");
        Assert.Equal(["line_no", "text", "length", .. LineageColumns.Fields.Select(f => f.Name)], lines.ColumnNames);
        Assert.Equal(["2", "6"], lines.Column("line_no"));
        Assert.Equal(["alpha", "omega é"], lines.Column("text"));
        Assert.Equal(["5", "8"], lines.Column("length"));
        AssertLineage(lines, 2, before);

        var quarantine = _outputs.Read("native_lines__quarantine");
        Assert.Equal(["2", "3", "4"], quarantine.Column("row_number").Order(StringComparer.Ordinal));
        var byReason = Enumerable.Range(0, quarantine.Count).ToDictionary(i => quarantine.Column("reason")[i]!, i => i);
        Assert.Equal(["null.not_nullable", "row.empty", "type.utf8"], byReason.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("text", quarantine.Column("column")[byReason["row.empty"]]);
        Assert.Equal("br\uFFFDoken", quarantine.Column("raw_value")[byReason["type.utf8"]]);
        Assert.Equal("3", quarantine.Column("row_number")[byReason["row.empty"]]);
        // A null the host found in a not-nullable column: numbered by its row in the stream, the whole row shown.
        var nullRow = byReason["null.not_nullable"];
        Assert.Equal("2", quarantine.Column("row_number")[nullRow]);
        Assert.Equal("text", quarantine.Column("column")[nullRow]);
        Assert.Null(quarantine.Column("raw_value")[nullRow]);
        Assert.Equal("""{"line_no":5,"text":null,"length":0}""", quarantine.Column("raw_line")[nullRow]);
        AssertLineage(quarantine, 3, before);

        Assert.Equal(NativeLinesFixture.SourceHash, outcome.SourceHash);
        var receipt = Assert.Single(outcome.Outputs);
        Assert.Equal(("lines", "otk-lines", "mk-lines", 2L, 3L), (receipt.Name, receipt.OutputTargetKey, receipt.MaterializationKey, receipt.Rows, receipt.QuarantinedRows));
    }

    [Fact]
    public async Task A_large_input_streams_in_many_batches_with_every_row_and_progress_reported()
    {
        const int Lines = 100_000;
        var input = _plugin.Input(null, Lines);
        var progress = new List<ProgressMessage>();

        var outcome = await Runtime().RunAsync(NativeLinesFixture.Job(input, progress: new SynchronousProgress(progress)), CancellationToken.None);

        var lines = _outputs.Read("native_lines");
        Assert.True(lines.Batches.Count > 1, "the fixture should write several batches");
        Assert.Equal(Lines, lines.Count);
        Assert.Equal(Enumerable.Range(1, Lines).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Column("line_no"));
        Assert.Equal("line 100000", lines.Column("text")[^1]);
        Assert.Equal(Lines, Assert.Single(outcome.Outputs).Rows);
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.True(p.Rows > 0 && p.Bytes > 0 && p.Attempt == 1));
        Assert.InRange(progress[^1].Bytes, 1, new FileInfo(input).Length);
    }

    [Fact]
    public async Task The_plugin_sees_only_the_scrubbed_environment_and_runs_in_a_scratch_directory_removed_afterwards()
    {
        const string Secret = "CASPARIAN_TEST_WORKER_SECRET";
        Environment.SetEnvironmentVariable(Secret, "hunter2");
        try
        {
            var input = _plugin.Input("env-dump", []);

            await new NativeExecRuntime(new NativeExecOptions(), _outputs).RunAsync(NativeLinesFixture.Job(input, jobId: 31337), CancellationToken.None);

            var seen = _outputs.Read("native_lines").Column("text").Select(t => t!.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
            Assert.DoesNotContain(seen.Values, v => v.Contains("hunter2", StringComparison.Ordinal));
            // PWD is not inherited: the fixture's launcher is a shell script, and sh exports its working directory itself.
            Assert.Equal(["CASPARIAN_BUNDLE", "CASPARIAN_JOB_ID", "CASPARIAN_PROTOCOL_VERSION", "HOME", "LANG", "PATH", "PWD", "TMPDIR", "cwd"], seen.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(seen["cwd"], seen["PWD"]);
            Assert.Equal("/usr/local/bin:/usr/bin:/bin", seen["PATH"]);
            Assert.Equal("C.UTF-8", seen["LANG"]);
            Assert.Equal("31337", seen["CASPARIAN_JOB_ID"]);
            Assert.Equal("1", seen["CASPARIAN_PROTOCOL_VERSION"]);
            Assert.Equal(NativeLinesFixture.BundlePath, seen["CASPARIAN_BUNDLE"]);
            Assert.Equal(seen["HOME"], seen["TMPDIR"]);
            Assert.Equal(seen["HOME"], seen["cwd"]);
            Assert.Contains("casparian-job-31337-", seen["HOME"], StringComparison.Ordinal);
            Assert.False(Directory.Exists(seen["HOME"]), "the job's scratch directory outlived the job");
        }
        finally
        {
            Environment.SetEnvironmentVariable(Secret, null);
        }
    }

    [Fact]
    public void The_fixture_is_a_valid_native_exec_bundle()
    {
        var bundle = NativeLinesFixture.Bundle;
        Assert.Equal(("native-lines", "native_exec", "bin/native-lines"), (bundle.Name, bundle.RuntimeKind, bundle.Entrypoint));
        var output = Assert.Single(bundle.Outputs);
        Assert.Equal(("lines", "native_lines"), (output.Name, output.Table));
        Assert.Equal(["line_no", "text", "length"], output.Schema.Columns.Select(c => c.Name));
        Assert.All(output.Schema.Columns, c => Assert.False(c.Nullable));
    }

    private NativeExecRuntime Runtime() => new(new NativeExecOptions(), _outputs);

    private static void AssertLineage(TableRows table, int rows, DateTimeOffset before)
    {
        Assert.Equal(Enumerable.Repeat<string?>(NativeLinesFixture.SourceHash, rows), table.Column(LineageColumns.SourceHash));
        Assert.Equal(Enumerable.Repeat<string?>(NativeLinesFixture.FileVersionId.ToString(System.Globalization.CultureInfo.InvariantCulture), rows), table.Column(LineageColumns.FileVersionId));
        Assert.Equal(Enumerable.Repeat<string?>("9001", rows), table.Column(LineageColumns.JobId));
        Assert.Equal(Enumerable.Repeat<string?>(NativeLinesFixture.Bundle.ArtifactHash, rows), table.Column(LineageColumns.ArtifactHash));
        var processedAt = table.Column(LineageColumns.ProcessedAt).Select(v => DateTimeOffset.UnixEpoch.AddTicks(long.Parse(v!, System.Globalization.CultureInfo.InvariantCulture) * 10)).ToList();
        Assert.All(processedAt, t => Assert.InRange(t, before.AddSeconds(-1), DateTimeOffset.UtcNow));
    }

    /// <summary>Collects progress on the reporting thread (Progress&lt;T&gt; would post to the thread pool and race the asserts).</summary>
    private sealed class SynchronousProgress(List<ProgressMessage> into) : IProgress<ProgressMessage>
    {
        public void Report(ProgressMessage value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}
