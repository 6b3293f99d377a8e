using System.Globalization;
using Casparian.Testing;

namespace Casparian.Cli.Tests.Run;

/// <summary>
/// kill -9 of <c>casparian run</c> halfway, then a rerun: it finishes, and every output table holds exactly the rows
/// of a clean single run in another folder (no duplicates from jobs that committed before the kill, none missing).
/// </summary>
public sealed class KilledRunTests : IDisposable
{
    private const int Files = 40;
    private const int Repeats = 10;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly string _root = Directory.CreateTempSubdirectory("cf-killed-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // Distinct files (each names itself in one user value) of the demo's logins rows, bad rows included.
    private string Corpus()
    {
        var corpus = Path.Combine(_root, "corpus");
        Directory.CreateDirectory(corpus);
        var lines = File.ReadAllLines(RepoPaths.Fixture("demo", "csv", "logins-day1.csv"));
        for (var i = 0; i < Files; i++)
        {
            var body = Enumerable.Repeat(lines[1..], Repeats).SelectMany(l => l).ToList();
            body[0] = body[0].Replace(",dave,", string.Create(CultureInfo.InvariantCulture, $",user{i},"), StringComparison.Ordinal);
            File.WriteAllLines(Path.Combine(corpus, string.Create(CultureInfo.InvariantCulture, $"logins-{i:D3}.csv")), [lines[0], .. body]);
        }
        return corpus;
    }

    private string[] RunArgs(string corpus, string project) =>
        ["run", corpus, "--workers", "2", "--store", $"duckdb:{project}/state.duckdb", "--out", $"duckdb://{project}/out.duckdb"];

    [Fact]
    public async Task A_run_killed_halfway_then_rerun_has_exactly_the_rows_of_a_clean_run()
    {
        var corpus = Corpus();
        var killed = Path.Combine(_root, "killed");
        var clean = Path.Combine(_root, "clean");
        Directory.CreateDirectory(killed);
        Directory.CreateDirectory(clean);

        await using (var run = ServiceProcess.Start("run", "dotnet", [RunCli.Casparian, .. RunArgs(corpus, killed)]))
        {
            // Halfway: some files done, not all.
            await run.WaitForLineAsync(string.Create(CultureInfo.InvariantCulture, $@"progress: ([1-9]|[1-3]\d)/{Files} files"), Timeout);
            run.KillHard();
            await run.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.DoesNotContain(run.Lines, l => l.Contains("jobs enqueued", StringComparison.Ordinal));
        }

        var resumed = await RunCli.RunAsync(_root, Timeout, RunArgs(corpus, killed));
        var single = await RunCli.RunAsync(_root, Timeout, RunArgs(corpus, clean));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.True(single.ExitCode == 0, single.ToString());
        Assert.Equal(["logins", "logins__quarantine"], RunCli.Tables(Path.Combine(killed, "out.duckdb")));
        foreach (var table in new[] { "logins", "logins__quarantine" })
        {
            var expected = RunCli.Rows(Path.Combine(clean, "out.duckdb"), table);
            var actual = RunCli.Rows(Path.Combine(killed, "out.duckdb"), table);
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected, actual);
        }
        Assert.Equal(Files * Repeats * 197, RunCli.Rows(Path.Combine(clean, "out.duckdb"), "logins").Count);
    }
}
