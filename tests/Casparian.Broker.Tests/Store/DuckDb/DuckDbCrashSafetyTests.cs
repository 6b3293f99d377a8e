using System.Diagnostics;
using Casparian.Broker.Store;
using Casparian.Broker.Store.DuckDb;
using Casparian.Native.DuckDb;

namespace Casparian.Broker.Tests.Store.DuckDb;

/// <summary>
/// kill -9 of a process in the middle of group commits, then reopen: every job is in exactly one state, the counts add
/// up, and everything the dead process was told had committed is there.
/// </summary>
public sealed class DuckDbCrashSafetyTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("casparian-crash-");

    [Fact]
    public async Task A_store_killed_mid_group_commit_reopens_consistent_with_everything_acknowledged()
    {
        var path = Path.Combine(_directory.FullName, "state.duckdb");
        var acknowledged = await RunPeerUntilKilledAsync(path, completedLinesBeforeKill: 40);

        // DuckDB itself, not our store, says what the file holds.
        using (var database = DuckDbDatabase.Open(path))
        using (var connection = database.Connect())
        {
            var row = connection.QueryRows(
                "SELECT count(*), count(DISTINCT id), count(DISTINCT materialization_key), " +
                "count(*) FILTER (WHERE state NOT BETWEEN 0 AND 6), " +
                "count(*) FILTER (WHERE (state IN (1, 2)) <> (worker_id IS NOT NULL)) FROM jobs")[0];
            Assert.Equal(row[0], row[1]);
            Assert.Equal(row[0], row[2]);
            Assert.Equal(0L, row[3]);
            Assert.Equal(0L, row[4]);
        }

        await using var store = DuckDbStateStore.Open(path);
        var total = await store.CountJobsAsync(JobQuery.All);
        var byState = await store.CountByStateAsync();
        Assert.Equal(total, byState.Values.Sum());
        Assert.True(total >= acknowledged.Enqueued, $"{acknowledged.Enqueued} enqueues were acknowledged but only {total} jobs exist");
        var completed = await store.QueryJobsAsync(new JobQuery(State: JobState.Completed), (int)total + 1);
        var completedIds = completed.Select(j => j.Id).ToHashSet();
        Assert.All(acknowledged.Completed, id => Assert.Contains(id, completedIds));
        Assert.True(acknowledged.Completed.Count > 0);

        // The reopened store carries on: the dead process's workers are lost, their jobs go back and can finish.
        for (var client = 0; client < 8; client++)
        {
            await store.RequeueWorkerAsync($"peer-{client}", "process killed");
        }
        while (await store.LeaseAsync("survivor", 1000, TimeSpan.FromMinutes(1)) is { Count: > 0 } batch)
        {
            var results = await store.TransitionAsync([.. batch.Select(j => new TransitionRequest(j.Id, JobTransition.Complete, "survivor"))]);
            Assert.All(results, r => Assert.True(r.Applied));
        }
        Assert.Equal(total, (await store.CountByStateAsync())[JobState.Completed]);
    }

    private sealed record Acknowledged(long Enqueued, List<long> Completed);

    private static async Task<Acknowledged> RunPeerUntilKilledAsync(string path, int completedLinesBeforeKill)
    {
        var peer = Path.Combine(AppContext.BaseDirectory, "Casparian.StoreCrashPeer.dll");
        Assert.True(File.Exists(peer), $"the crash peer was not built next to the tests: {peer}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(peer);
        info.ArgumentList.Add(path);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the crash peer");
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            var completedLines = 0;
            while (completedLines < completedLinesBeforeKill)
            {
                var line = await process.StandardOutput.ReadLineAsync(deadline.Token)
                    ?? throw new InvalidOperationException($"the crash peer exited early: {await stderr}");
                lines.Add(line);
                completedLines += line.StartsWith("completed ", StringComparison.Ordinal) ? 1 : 0;
            }
            // SIGKILL while the writer is busy: the peer never stops between group commits.
            process.Kill();
            // Whatever it had printed before dying counts as acknowledged too.
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                lines.Add(line);
            }
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        Assert.Equal(137, process.ExitCode);
        long enqueued = 0;
        var completed = new List<long>();
        foreach (var parts in lines.Where(l => l.EndsWith(" end", StringComparison.Ordinal)).Select(l => l.Split(' ')))
        {
            if (parts[0] == "enqueued")
            {
                enqueued += long.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (parts[0] == "completed" && parts[2].Length > 0)
            {
                completed.AddRange(parts[2].Split(',').Select(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        return new Acknowledged(enqueued, completed);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
