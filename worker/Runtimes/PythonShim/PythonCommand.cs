using System.Diagnostics;
using System.Text;

namespace Casparian.Worker.Runtimes.PythonShim;

/// <summary>
/// Runs the interpreter commands that build environments (<c>python3 -m venv</c>, <c>pip install</c>) with a
/// scrubbed environment, so no inherited PIP_* variable or user config can point pip at an index or change its mind.
/// </summary>
internal static class PythonCommand
{
    /// <summary>The most output kept for an error message.</summary>
    private const int MaxKeptChars = 16 * 1024;

    /// <summary>Runs <paramref name="file"/> to completion; returns exit code and combined output (tail-bounded).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, string home, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        info.Environment["LANG"] = "C.UTF-8";
        info.Environment["HOME"] = home;
        info.Environment["TMPDIR"] = home;
        // No user or site pip configuration, no index, no version check: the install is offline by construction.
        info.Environment["PIP_CONFIG_FILE"] = "/dev/null";
        info.Environment["PIP_NO_INDEX"] = "1";
        info.Environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1";
        info.Environment["PIP_NO_INPUT"] = "1";
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        using var process = Process.Start(info) ?? throw new PythonEnvironmentException($"could not start {file}; install Python 3 (apt-get install python3 python3-venv)");
        var output = new StringBuilder();
        var stdout = Drain(process.StandardOutput, output);
        var stderr = Drain(process.StandardError, output);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new PythonEnvironmentException($"{file} {string.Join(' ', info.ArgumentList)} ran longer than {timeout.TotalMinutes:0.#} minutes; raise PythonEnvironmentOptions.CreateTimeout or slim the lockfile");
        }
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static async Task Drain(StreamReader reader, StringBuilder sink)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (sink)
            {
                sink.AppendLine(line);
                if (sink.Length > MaxKeptChars)
                {
                    sink.Remove(0, sink.Length - MaxKeptChars);
                }
            }
        }
    }
}
