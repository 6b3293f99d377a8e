namespace Casparian.Worker.Tests.Runtimes.PythonShim;

/// <summary>A python_shim plugin bundle written into a temp folder for one test: manifest, schemas and plugin.</summary>
internal sealed class TestBundle : IDisposable
{
    private TestBundle(string directory) => Directory = directory;

    /// <summary>The bundle folder (CASPARIAN_BUNDLE).</summary>
    public string Directory { get; }

    /// <summary>The entrypoint's name inside the bundle.</summary>
    public const string Entrypoint = "plugin.py";

    /// <summary>Writes a bundle whose outputs are named by <paramref name="schemas"/> (output name → schema JSON).</summary>
    public static TestBundle Create(string pluginSource, IReadOnlyDictionary<string, string> schemas)
    {
        var bundle = new TestBundle(System.IO.Directory.CreateTempSubdirectory("casparian-shim-bundle-").FullName);
        System.IO.Directory.CreateDirectory(Path.Combine(bundle.Directory, "schemas"));
        var manifest = new System.Text.StringBuilder("""
            name = "test-plugin"
            version = "0.1.0"
            protocol_version = 1
            runtime_kind = "python_shim"
            entrypoint = "plugin.py"
            platform = "any"

            """);
        foreach (var (output, schema) in schemas)
        {
            File.WriteAllText(bundle.SchemaPath(output), schema);
            manifest.Append($"[[outputs]]\nname = \"{output}\"\ntable = \"{output}_table\"\nschema = \"schemas/{output}.json\"\n\n");
        }
        File.WriteAllText(Path.Combine(bundle.Directory, "casparian.toml"), manifest.ToString());
        File.WriteAllText(Path.Combine(bundle.Directory, Entrypoint), pluginSource);
        return bundle;
    }

    /// <summary>The schema file of an output.</summary>
    public string SchemaPath(string output) => Path.Combine(Directory, "schemas", $"{output}.json");

    /// <summary>Writes an input file into the bundle's folder and returns its path.</summary>
    public string Input(string text)
    {
        var path = Path.Combine(Directory, "input.txt");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs the shim on <paramref name="input"/> (an empty file when null).</summary>
    public Task<ShimRun> RunAsync(string? input = null, string python = ShimRun.SystemPython) =>
        ShimRun.RunAsync(Directory, Entrypoint, input ?? Input(""), python);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
