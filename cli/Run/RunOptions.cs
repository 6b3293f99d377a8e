using System.CommandLine;
using Casparian.Cli.Project;

namespace Casparian.Cli.Run;

/// <summary>The options <c>run</c> and <c>scan</c> share, declared once so both read them the same way.</summary>
internal sealed class RunOptions
{
    public Option<string[]> Plugins { get; } = new("--plugin")
    {
        Description = "a plugin bundle folder (with casparian.toml); repeat for several",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Store { get; } = new("--store")
    {
        Description = "state store: duckdb:PATH or postgres://user:password@host:port/db (default duckdb:.casparian/state.duckdb)",
    };

    public Option<string?> Out { get; } = new("--out")
    {
        Description = "where tables go: duckdb://PATH, parquet://DIR, csv://DIR or postgres://… (default duckdb://.casparian/out.duckdb)",
    };

    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "print the plan (new, changed, stale, up to date) and change nothing" };

    public Option<int> Workers { get; } = new("--workers")
    {
        Description = "workers in this process (default: one per processor)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public static RunOptions Create() => new();

    public void AddTo(Command command, bool includeWorkers)
    {
        command.Options.Add(Plugins);
        if (includeWorkers)
        {
            command.Options.Add(Workers);
        }
        command.Options.Add(Store);
        command.Options.Add(Out);
        command.Options.Add(DryRun);
    }

    /// <summary>The checked settings.</summary>
    /// <exception cref="UsageException">An option is wrong.</exception>
    public ScanSettings Settings(ParseResult parse, string? folder, ProjectPaths project) =>
        ScanSettings.From(folder, parse.GetValue(Store), parse.GetValue(Out), parse.GetValue(Plugins), project);
}
