namespace Casparian.Cli.Project;

/// <summary>
/// The project folder <c>.casparian/</c> under the current directory, where unified mode keeps its state and its
/// outputs by default, so a plain <c>casparian run DIR</c> needs no set-up and a rerun finds what the last run did.
/// </summary>
internal sealed record ProjectPaths(string Folder)
{
    /// <summary>The folder's name.</summary>
    public const string FolderName = ".casparian";

    /// <summary>The project of the current directory.</summary>
    public static ProjectPaths Current() => new(Path.Combine(Environment.CurrentDirectory, FolderName));

    /// <summary>The embedded state store (job queue and catalog).</summary>
    public string StatePath => Path.Combine(Folder, "state.duckdb");

    /// <summary>The default <c>--store</c> value.</summary>
    public string DefaultStore => "duckdb:" + StatePath;

    /// <summary>The default <c>--out</c> value: one DuckDB file of output tables.</summary>
    public string DefaultOut => "duckdb://" + Path.Combine(Folder, "out.duckdb");

    /// <summary>Creates the folder if needed.</summary>
    public void Create() => Directory.CreateDirectory(Folder);
}
