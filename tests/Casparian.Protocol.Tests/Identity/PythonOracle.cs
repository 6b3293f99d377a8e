using System.Diagnostics;
using System.Text;

namespace Casparian.Protocol.Tests.Identity;

/// <summary>Runs a Python snippet with Debian's /usr/bin/python3 as an independent oracle; stdin and stdout are UTF-8.</summary>
internal static class PythonOracle
{
    public static string Run(string script, string input = "")
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("python3 did not finish within a minute");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3 failed: {errors.GetAwaiter().GetResult()}");
        }
        return output.GetAwaiter().GetResult();
    }

    /// <summary>BLAKE3 from b3sum (Debian), optionally in derive-key mode, of raw bytes on stdin.</summary>
    public static string B3sum(byte[] input, string? deriveKeyContext = null)
    {
        var start = new ProcessStartInfo("b3sum") { RedirectStandardInput = true, RedirectStandardOutput = true };
        if (deriveKeyContext is not null)
        {
            start.ArgumentList.Add("--derive-key");
            start.ArgumentList.Add(deriveKeyContext);
        }
        start.ArgumentList.Add("--no-names");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start b3sum");
        var output = process.StandardOutput.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("b3sum did not finish within a minute");
        }
        return output.GetAwaiter().GetResult().Trim();
    }
}
