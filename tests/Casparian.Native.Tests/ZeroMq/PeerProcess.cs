using System.Diagnostics;
using System.Text;

namespace Casparian.Native.Tests.ZeroMq;

/// <summary>
/// A peer running in another OS process (python3-zmq or Casparian.TestPeer): started with arguments, its stdout
/// read line by line with a deadline, its stderr kept for failure messages, killed on dispose if still running.
/// </summary>
internal sealed class PeerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;

    private PeerProcess(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["PYTHONDONTWRITEBYTECODE"] = "1" },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        _stderrPump = Task.Run(async () =>
        {
            var text = await _process.StandardError.ReadToEndAsync();
            lock (_stderr)
            {
                _stderr.Append(text);
            }
        });
    }

    /// <summary>Debian's Python, the one that can import zmq and nacl (the python3 on PATH may not).</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>Starts a Python script from the test output's ZeroMq/Python folder.</summary>
    public static PeerProcess StartPython(string script, params string[] arguments) =>
        new(Python, [Path.Combine(AppContext.BaseDirectory, "ZeroMq", "Python", script), .. arguments]);

    /// <summary>Starts Casparian.TestPeer (its dll is copied into the test output through the project reference).</summary>
    public static PeerProcess StartTestPeer(params string[] arguments) =>
        new("dotnet", [Path.Combine(AppContext.BaseDirectory, "Casparian.TestPeer.dll"), .. arguments]);

    /// <summary>Runs Python with <paramref name="arguments"/> to completion and returns its stdout; fails on a non-zero exit.</summary>
    public static string RunToCompletion(params string[] arguments)
    {
        using var peer = new PeerProcess(Python, arguments);
        var output = peer._process.StandardOutput.ReadToEndAsync();
        peer.WaitForSuccess(TimeSpan.FromSeconds(30));
        return output.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Runs our side of an exchange; if it fails because the peer died, the failure carries the peer's exit code and
    /// stderr (the usual reason), not only our side's symptom.
    /// </summary>
    public void RunAlongside(Action ourSide)
    {
        ArgumentNullException.ThrowIfNull(ourSide);
        try
        {
            ourSide();
        }
        catch (Exception ex) when (_process.WaitForExit(2_000))
        {
            _stderrPump.Wait(2_000);
            throw new InvalidOperationException($"the peer exited with code {_process.ExitCode}; stderr: {Stderr()}", ex);
        }
    }

    /// <summary>Sends a signal (e.g. STOP) to the peer with kill(1).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (!kill.WaitForExit(10_000) || kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{name} {_process.Id} failed");
        }
    }

    /// <summary>Reads the next stdout line, failing if none arrives within <paramref name="timeout"/>.</summary>
    public string ReadLine(TimeSpan timeout)
    {
        var line = _process.StandardOutput.ReadLineAsync();
        if (!line.Wait(timeout))
        {
            throw new TimeoutException($"no output from the peer within {timeout}; stderr: {Stderr()}");
        }
        return line.Result ?? throw new InvalidOperationException($"the peer closed its output; stderr: {Stderr()}");
    }

    /// <summary>Waits for exit code 0 within <paramref name="timeout"/>; otherwise fails with the peer's stderr.</summary>
    public void WaitForSuccess(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"the peer did not finish within {timeout}; stderr: {Stderr()}");
        }
        _process.WaitForExit();
        _stderrPump.Wait(timeout);
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the peer exited with code {_process.ExitCode}; stderr: {Stderr()}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }
}
