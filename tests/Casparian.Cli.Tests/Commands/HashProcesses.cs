using System.Diagnostics;
using System.Text;

namespace Casparian.Cli.Tests.Commands;

/// <summary>Runs the built <c>casparian</c> and the <c>b3sum</c> oracle as real processes.</summary>
internal static class HashProcesses
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <summary>The <c>casparian</c> command built next to the tests.</summary>
    public static ProcessResult Casparian(IEnumerable<string> arguments, byte[]? stdin = null) =>
        Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "casparian.dll"), "hash", .. arguments], stdin);

    /// <summary>Debian's b3sum (installed by eng/deps.sh), the independent oracle.</summary>
    public static ProcessResult B3sum(IEnumerable<string> arguments, byte[]? stdin = null) => Run("b3sum", arguments, stdin);

    private static ProcessResult Run(string program, IEnumerable<string> arguments, byte[]? stdin)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }
        process.StandardInput.Close();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {Deadline}");
        }
        return new ProcessResult(process.ExitCode, output.GetAwaiter().GetResult(), errors.GetAwaiter().GetResult());
    }
}

/// <summary>Exit code and the two output streams of a finished process.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Errors);
