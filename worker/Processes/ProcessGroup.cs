using System.Diagnostics;
using System.Globalization;
using Casparian.Native.Posix;

namespace Casparian.Worker.Processes;

/// <summary>
/// A subprocess started as the leader of a new session and process group (via <c>setsid</c>), so the whole tree it
/// spawns can be signalled at once and nothing it forks outlives a job. Children that call <c>setsid</c> themselves
/// escape any group; plugins run under a scrubbed environment and limits, which is the other half of the defence.
/// </summary>
public sealed class ProcessGroup : IDisposable
{
    private const string SetsidPath = "/usr/bin/setsid";

    private ProcessGroup(Process process)
    {
        Process = process;
        // setsid execs in place (the child of Process.Start is never a group leader), so pid == pgid == sid.
        GroupId = process.Id;
    }

    /// <summary>The leader process; its standard streams are those configured in the start info.</summary>
    public Process Process { get; }

    /// <summary>The process group id (the leader's pid).</summary>
    public int GroupId { get; }

    /// <summary>Starts <paramref name="startInfo"/> as the leader of a new process group.</summary>
    public static ProcessGroup Start(ProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        var wrapped = new ProcessStartInfo(SetsidPath)
        {
            RedirectStandardInput = startInfo.RedirectStandardInput,
            RedirectStandardOutput = startInfo.RedirectStandardOutput,
            RedirectStandardError = startInfo.RedirectStandardError,
            WorkingDirectory = startInfo.WorkingDirectory,
            UseShellExecute = false,
        };
        wrapped.ArgumentList.Add(startInfo.FileName);
        foreach (var argument in startInfo.ArgumentList)
        {
            wrapped.ArgumentList.Add(argument);
        }
        wrapped.Environment.Clear();
        foreach (var (key, value) in startInfo.Environment)
        {
            wrapped.Environment[key] = value;
        }
        var process = Process.Start(wrapped) ?? throw new InvalidOperationException($"could not start {startInfo.FileName}");
        return new ProcessGroup(process);
    }

    /// <summary>True while any process of the group is alive (zombies awaiting their parent do not count).</summary>
    public bool AnyAlive()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir.AsSpan());
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }
            if (ReadGroupAndState(dir) is { } entry && entry.Group == GroupId && entry.State != 'Z' && entry.State != 'X')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Stops the whole group: SIGTERM, then SIGKILL after <paramref name="grace"/> for whatever ignored it, and waits
    /// until no process of the group is left or <paramref name="deadline"/> passes. Returns whether the group is gone.
    /// </summary>
    public async Task<bool> KillAsync(TimeSpan grace, TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        if (!LibC.SignalGroup(GroupId, LibC.SigTerm))
        {
            return true;
        }
        var killed = false;
        while (clock.Elapsed < deadline)
        {
            if (!killed && clock.Elapsed >= grace)
            {
                LibC.SignalGroup(GroupId, LibC.SigKill);
                killed = true;
            }
            if (!AnyAlive())
            {
                return true;
            }
            // Polling /proc is the only portable way to watch processes that are not our children.
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
        }
        if (!killed)
        {
            LibC.SignalGroup(GroupId, LibC.SigKill);
        }
        return !AnyAlive();
    }

    private static (int Group, char State)? ReadGroupAndState(string procDir)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(procDir, "stat"));
        }
        catch (IOException)
        {
            return null; // the process exited while we looked
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // Format: pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses, so parse after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 >= stat.Length)
        {
            return null;
        }
        var fields = stat[(close + 2)..].Split(' ', 4);
        if (fields.Length < 3 || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var group))
        {
            return null;
        }
        return (group, fields[0][0]);
    }

    public void Dispose() => Process.Dispose();
}
