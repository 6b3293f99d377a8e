using System.CommandLine;
using Casparian.Cli.Commands;
using Casparian.Native;

namespace Casparian.Cli;

/// <summary>Entry point of the <c>casparian</c> command.</summary>
public static class Program
{
    /// <summary>Builds the command tree; each sub-command lives in its own file under <c>Commands/</c>.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Casparian Flow: bulk file corpora into typed, traceable tables.");
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(SentinelCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(HashCommand.Create());
        root.Subcommands.Add(ArrowCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(JobsCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(TopCommand.Create());
        return root;
    }

    /// <summary>Exit code when a native library is missing: the message says which one and how to install it.</summary>
    public const int ExitMissingNativeLibrary = 3;

    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static async Task<int> Main(string[] args)
    {
        try
        {
            // Services handle SIGTERM/SIGINT themselves through the generic host (drain, then abort), so the parser must not.
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await BuildRoot().Parse(args).InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (NativeLibraryMissingException ex)
        {
            Console.Error.WriteLine($"casparian: {ex.Message}");
            return ExitMissingNativeLibrary;
        }
    }
}
