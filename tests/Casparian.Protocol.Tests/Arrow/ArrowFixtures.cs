namespace Casparian.Protocol.Tests.Arrow;

/// <summary>Locates the Arrow integration golden files copied into fixtures/arrow-ipc/.</summary>
internal static class ArrowFixtures
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "fixtures", "arrow-ipc");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("fixtures/arrow-ipc not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Golden case names (relative paths without extension) whose streams are not compressed.</summary>
    public static IEnumerable<object[]> Uncompressed() =>
        System.IO.Directory.GetFiles(Directory, "*.stream").Select(p => new object[] { Path.GetFileNameWithoutExtension(p) }).OrderBy(x => (string)x[0]);

    /// <summary>Every golden stream, compressed ones included, as full paths.</summary>
    public static IEnumerable<string> AllStreams() =>
        System.IO.Directory.GetFiles(Directory, "*.stream", SearchOption.AllDirectories).Order();

    /// <summary>Our own integration JSON covering the types the Arrow goldens do not (fixtures/arrow-json/).</summary>
    public static string MoreTypesJson => Path.Combine(Path.GetDirectoryName(Directory)!, "arrow-json", "casparian_more_types.json");

    public static string Stream(string name) => Path.Combine(Directory, name + ".stream");

    public static string Json(string name) => Path.Combine(Directory, name + ".json.gz");
}
