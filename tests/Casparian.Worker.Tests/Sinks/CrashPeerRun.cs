using System.Diagnostics;
using System.Globalization;

namespace Casparian.Worker.Tests.Sinks;

/// <summary>
/// Runs Casparian.SinkCrashPeer against a sink URI and SIGKILLs it once it reports having written at least the given
/// number of rows (so the kill lands in the middle of a large, uncommitted write).
/// </summary>
internal static class CrashPeerRun
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static async Task<long> KillAfterAsync(string sinkUri, string table, long rowsBeforeKill)
    {
        var peer = Path.Combine(AppContext.BaseDirectory, "Casparian.SinkCrashPeer.dll");
        Assert.True(File.Exists(peer), $"the sink crash peer was not built next to the tests: {peer}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(peer);
        info.ArgumentList.Add(sinkUri);
        info.ArgumentList.Add(table);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the sink crash peer");
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        long written = 0;
        try
        {
            while (written < rowsBeforeKill)
            {
                var line = await process.StandardOutput.ReadLineAsync(deadline.Token)
                    ?? throw new InvalidOperationException($"the sink crash peer exited early: {await stderr}");
                var parts = line.Split(' ');
                if (parts is ["wrote", _, "end"])
                {
                    written = long.Parse(parts[1], CultureInfo.InvariantCulture);
                }
            }
            // SIGKILL: no finally blocks, no disposal, no rollback in the peer.
            process.Kill();
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
        return written;
    }
}
