using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Casparian.Testing;

/// <summary>
/// A long-running child process for multi-process tests: its output lines are kept, tests wait for a line matching a
/// pattern (with a deadline, never a sleep), and it can be stopped with SIGTERM or killed with SIGKILL.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _newLine = new(0);

    private ServiceProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>A label for failure messages.</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Every line written so far to stdout and stderr.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Starts <c>dotnet ASSEMBLY ARGS</c> (or an executable) with output captured.</summary>
    public static ServiceProcess Start(string name, string fileName, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var service = new ServiceProcess(process, name);
        process.OutputDataReceived += (_, e) => service.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => service.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits for a line matching <paramref name="pattern"/> (already written or still to come) and returns its match.</summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        using var deadline = new CancellationTokenSource(timeout);
        var seen = 0;
        while (true)
        {
            var snapshot = _lines.ToArray();
            for (; seen < snapshot.Length; seen++)
            {
                var match = regex.Match(snapshot[seen]);
                if (match.Success)
                {
                    return match;
                }
            }
            if (_process.HasExited && _lines.Count == snapshot.Length)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before printing /{pattern}/:\n{Tail()}");
            }
            try
            {
                await _newLine.WaitAsync(TimeSpan.FromMilliseconds(200), deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Name} did not print /{pattern}/ within {timeout}:\n{Tail()}");
            }
        }
    }

    /// <summary>How many lines so far match <paramref name="pattern"/>.</summary>
    public int CountLines(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        return _lines.Count(l => regex.IsMatch(l));
    }

    /// <summary>SIGKILL: the process gets no chance to clean up.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
    }

    /// <summary>SIGTERM: asks the process to stop gracefully.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}:\n{Tail()}");
        }
        return _process.ExitCode;
    }

    /// <summary>The last lines of output, for failure messages.</summary>
    public string Tail(int count = 40) => string.Join('\n', _lines.TakeLast(count));

    public async ValueTask DisposeAsync()
    {
        KillHard();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Reported by the test that cares; disposal must not hide the original failure.
        }
        _process.Dispose();
        _newLine.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lines.Enqueue(line);
        _newLine.Release();
    }
}
