using System.Globalization;

namespace Casparian.Protocol.Plugins;

/// <summary>
/// A plugin bundle: a folder with <c>casparian.toml</c> (name, version, protocol_version, runtime_kind,
/// entrypoint, platform, optional lockfile, <c>[[outputs]]</c> with schema files, <c>[[routes]]</c>), the code,
/// and the schemas. Its <see cref="ArtifactHash"/> covers every file of the bundle except the signature, so any
/// change to code, lockfile, manifest or schema is a new artifact.
/// </summary>
public sealed record PluginBundle
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFile = "casparian.toml";

    /// <summary>The detached signature's file name (not part of the artifact).</summary>
    public const string SignatureFile = "casparian.sig";

    /// <summary>The plugin protocol version this release speaks.</summary>
    public const int ProtocolVersion = 1;

    /// <summary>The subprocess runtimes a bundle may name.</summary>
    public static IReadOnlyList<string> RuntimeKinds { get; } = ["native_exec", "python_shim"];

    private static readonly string[] ExcludedFolders = ["__pycache__", ".venv"];

    public required string Directory { get; init; }

    public required string Name { get; init; }

    public required string Version { get; init; }

    public required string RuntimeKind { get; init; }

    /// <summary>The entrypoint, relative to <see cref="Directory"/>, '/'-separated.</summary>
    public required string Entrypoint { get; init; }

    public required string Platform { get; init; }

    /// <summary>The lockfile (python_shim), relative to <see cref="Directory"/>, or null.</summary>
    public string? Lockfile { get; init; }

    public required IReadOnlyList<BundleOutput> Outputs { get; init; }

    public required IReadOnlyList<BundleRoute> Routes { get; init; }

    /// <summary>SHA-256 (hex) over the bundle's files (DESIGN §5); what gets signed.</summary>
    public required string ArtifactHash { get; init; }

    /// <summary>The manifest text as read.</summary>
    public required string ManifestText { get; init; }

    /// <summary><c>NAME@VERSION</c>.</summary>
    public string Id => $"{Name}@{Version}";

    /// <summary>Loads and checks the bundle in <paramref name="directory"/>.</summary>
    /// <exception cref="PluginBundleException">Anything is missing or wrong; the message names the file, the key and the fix.</exception>
    public static PluginBundle Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var root = Path.GetFullPath(directory);
        var manifestPath = Path.Combine(root, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            throw new PluginBundleException($"'{directory}' is not a plugin bundle: it has no {ManifestFile}; see fixtures/plugins/README.md for the layout");
        }
        var text = File.ReadAllText(manifestPath);
        var toml = TomlSubset.Parse(text, manifestPath);
        var manifest = new ManifestReader(toml, manifestPath);

        var name = manifest.String("name");
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
        {
            throw manifest.Error("name", $"'{name}' must be 1..64 of a-z, 0-9, '_' and '-'");
        }
        var version = manifest.String("version");
        if (version.Length is 0 or > 64 || version.Any(c => char.IsWhiteSpace(c) || c == '@'))
        {
            throw manifest.Error("version", $"'{version}' must be 1..64 characters without spaces or '@', e.g. \"1.0.0\"");
        }
        var protocolVersion = manifest.Integer("protocol_version");
        if (protocolVersion != ProtocolVersion)
        {
            throw manifest.Error("protocol_version", $"is {protocolVersion}, but this release speaks plugin protocol {ProtocolVersion}");
        }
        var runtime = manifest.String("runtime_kind");
        if (!RuntimeKinds.Contains(runtime))
        {
            throw manifest.Error("runtime_kind", $"'{runtime}' is not one of {string.Join(", ", RuntimeKinds)}");
        }
        var platform = manifest.String("platform");
        if (platform is not ("any" or "linux-x64"))
        {
            throw manifest.Error("platform", $"'{platform}' is not \"any\" or \"linux-x64\"");
        }
        var entrypoint = InsideBundle(root, manifest.String("entrypoint"), manifest, "entrypoint", mustExist: true);
        var lockfile = manifest.OptionalString("lockfile") is { } lockName ? InsideBundle(root, lockName, manifest, "lockfile", mustExist: true) : null;
        if (lockfile is not null && runtime != "python_shim")
        {
            throw manifest.Error("lockfile", "is only meaningful for runtime_kind = \"python_shim\"; remove it");
        }

        var outputs = new List<BundleOutput>();
        foreach (var table in manifest.Tables("outputs"))
        {
            var output = new ManifestReader(table, $"{manifestPath} [[outputs]] #{outputs.Count + 1}");
            var outputName = output.String("name");
            var tableName = output.String("table");
            if (tableName.Length is 0 or > 48 || char.IsAsciiDigit(tableName[0]) || !tableName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw output.Error("table", $"'{tableName}' must be 1..48 letters, digits or underscores, not starting with a digit");
            }
            var schemaPath = InsideBundle(root, output.String("schema"), output, "schema", mustExist: true);
            OutputSchema schema;
            try
            {
                schema = OutputSchema.Parse(File.ReadAllText(Path.Combine(root, schemaPath)));
            }
            catch (PluginSchemaException ex)
            {
                throw new PluginBundleException($"{Path.Combine(root, schemaPath)}: {ex.Message}", ex);
            }
            if (outputs.Any(o => o.Name == outputName || o.Table == tableName))
            {
                throw output.Error("name", $"output '{outputName}' (table '{tableName}') is declared twice");
            }
            outputs.Add(new BundleOutput(outputName, tableName, schema, schemaPath));
        }
        if (outputs.Count == 0)
        {
            throw new PluginBundleException($"{manifestPath}: declares no [[outputs]]; a plugin needs at least one output with a name, table and schema");
        }

        var routes = new List<BundleRoute>();
        foreach (var table in manifest.Tables("routes"))
        {
            var route = new ManifestReader(table, $"{manifestPath} [[routes]] #{routes.Count + 1}");
            routes.Add(new BundleRoute(route.String("glob"), route.String("tag"), (int)route.OptionalInteger("priority", 0)));
        }

        return new PluginBundle
        {
            Directory = root,
            Name = name,
            Version = version,
            RuntimeKind = runtime,
            Entrypoint = entrypoint,
            Platform = platform,
            Lockfile = lockfile,
            Outputs = outputs,
            Routes = routes,
            ArtifactHash = Identity.ArtifactHash.OfDirectoryFiles(root, ArtifactFiles(root)),
            ManifestText = text,
        };
    }

    /// <summary>The files the artifact hash covers, relative and '/'-separated.</summary>
    public static IReadOnlyList<string> ArtifactFiles(string root)
    {
        var files = new List<string>();
        foreach (var path in System.IO.Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (relative == SignatureFile || relative.Split('/').Any(part => ExcludedFolders.Contains(part)))
            {
                continue;
            }
            if (new FileInfo(path).LinkTarget is not null && !IsInside(root, Path.GetFullPath(new FileInfo(path).ResolveLinkTarget(true)!.FullName)))
            {
                throw new PluginBundleException($"'{relative}' in bundle {root} is a link to outside the bundle; copy the file into the bundle instead");
            }
            files.Add(relative);
        }
        return files;
    }

    private static string InsideBundle(string root, string relative, ManifestReader manifest, string key, bool mustExist)
    {
        if (relative.Length == 0 || Path.IsPathRooted(relative) || relative.Replace('\\', '/').Split('/').Contains(".."))
        {
            throw manifest.Error(key, $"'{relative}' must be a path inside the bundle (relative, without '..')");
        }
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (mustExist && !File.Exists(full))
        {
            throw manifest.Error(key, $"'{relative}' does not exist in the bundle");
        }
        var resolved = new FileInfo(full).ResolveLinkTarget(true)?.FullName ?? full;
        if (!IsInside(root, Path.GetFullPath(resolved)))
        {
            throw manifest.Error(key, $"'{relative}' links to outside the bundle; copy the file into the bundle");
        }
        return Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');
    }

    private static bool IsInside(string root, string full) =>
        full.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    /// <summary>Typed access to one manifest table, with errors that name the key.</summary>
    private sealed class ManifestReader(Dictionary<string, object> table, string source)
    {
        public string String(string key) =>
            OptionalString(key) ?? throw Error(key, "is required (a string in double quotes)");

        public string? OptionalString(string key) => table.TryGetValue(key, out var value)
            ? value as string ?? throw Error(key, "must be a string in double quotes")
            : null;

        public long Integer(string key) => table.TryGetValue(key, out var value)
            ? value is long number ? number : throw Error(key, "must be an integer")
            : throw Error(key, "is required (an integer)");

        public long OptionalInteger(string key, long fallback) => table.ContainsKey(key) ? Integer(key) : fallback;

        public IReadOnlyList<Dictionary<string, object>> Tables(string key) => table.TryGetValue(key, out var value)
            ? value as List<Dictionary<string, object>> ?? throw Error(key, $"must be written as [[{key}]] tables")
            : [];

        public PluginBundleException Error(string key, string message) =>
            new(string.Create(CultureInfo.InvariantCulture, $"{source}: '{key}' {message}"));
    }
}
