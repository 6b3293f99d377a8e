using System.CommandLine;
using Casparian.Cli.Commands;

namespace Casparian.Cli;

/// <summary>Entry point of the <c>casparian</c> command.</summary>
public static class Program
{
    /// <summary>Builds the command tree; each sub-command lives in its own file under <c>Commands/</c>.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Casparian Flow: bulk file corpora into typed, traceable tables.");
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(ArrowCommand.Create());
        return root;
    }

    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();
}
