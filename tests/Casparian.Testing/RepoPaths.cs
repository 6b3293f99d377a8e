namespace Casparian.Testing;

/// <summary>Paths inside the repository checkout, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixture(params string[] parts) => Path.Combine([Root, "fixtures", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Casparian.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Casparian.sln above {AppContext.BaseDirectory}");
    }
}
