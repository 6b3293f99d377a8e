using Casparian.Broker.Scout;
using Casparian.Broker.Store;
using Casparian.Broker.Store.DuckDb;
using Casparian.Cli.Project;
using Casparian.Protocol.Plugins;

namespace Casparian.Cli.Run;

/// <summary>
/// What <c>run</c> and <c>scan</c> share from the command line: the folder, the store, the sink and the plugins,
/// checked up front so a mistake exits with code 2 and a message naming the fix before anything is written.
/// </summary>
internal sealed record ScanSettings(string Root, StoreLocation Store, string SinkUri, IReadOnlyList<ScoutPlugin> Plugins)
{
    /// <summary>Reads and checks the options.</summary>
    /// <exception cref="UsageException">Any option is wrong.</exception>
    public static ScanSettings From(string? root, string? store, string? sink, IReadOnlyList<string>? bundles, ProjectPaths project)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new UsageException("give the folder of files to ingest, e.g. casparian run ./evidence");
        }
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new UsageException($"'{root}' is not a folder; give the folder of files to ingest, e.g. casparian run ./evidence");
        }
        StoreLocation location;
        string sinkUri;
        try
        {
            location = StoreLocation.Parse(store ?? project.DefaultStore);
            sinkUri = SinkUris.Normalize(sink ?? project.DefaultOut);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
        var plugins = new List<ScoutPlugin>(ScoutPlugin.Builtins);
        foreach (var bundle in bundles ?? [])
        {
            try
            {
                plugins.Add(ScoutPlugin.FromBundle(PluginBundle.Load(bundle)));
            }
            catch (Exception ex) when (ex is PluginBundleException or FormatException)
            {
                throw new UsageException($"--plugin {bundle}: {ex.Message}");
            }
        }
        return new ScanSettings(fullRoot, location, sinkUri, plugins);
    }

    /// <summary>Opens the store, creating the project folder first when it is the embedded default there.</summary>
    public async Task<IStateStore> OpenStoreAsync(CancellationToken cancellationToken)
    {
        if (Store.Kind == StoreKind.DuckDb)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Store.Target))!);
        }
        return await Store.OpenAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The store a dry run plans against: the real one if it exists, else an empty in-memory one, so a dry run never
    /// creates the project folder or a state file.
    /// </summary>
    public async Task<IStateStore> OpenStoreForPlanAsync(CancellationToken cancellationToken) =>
        Store.Kind == StoreKind.DuckDb && !File.Exists(Store.Target)
            ? DuckDbStateStore.Open(":memory:")
            : await Store.OpenAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>The scout for this scan over <paramref name="store"/>.</summary>
    public ScoutScanner Scanner(IStateStore store) => new(store, new ScoutOptions { SinkUri = SinkUri, Plugins = Plugins });
}

/// <summary>A command-line mistake: exit code 2, and the message says what to do instead.</summary>
internal sealed class UsageException(string message) : Exception(message);
