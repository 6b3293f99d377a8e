using System.Globalization;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>
/// A fresh directory for one job's plugin process (its cwd, HOME and TMPDIR), removed with everything in it when the
/// job ends, so nothing a plugin writes there survives or leaks into the next job.
/// </summary>
public sealed class JobScratchDirectory : IDisposable
{
    private JobScratchDirectory(string path) => Path = path;

    public string Path { get; }

    public static JobScratchDirectory Create(ulong jobId) =>
        new(Directory.CreateTempSubdirectory(string.Create(CultureInfo.InvariantCulture, $"casparian-job-{jobId}-")).FullName);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // The plugin removed its own scratch directory; nothing is left to clean.
        }
    }
}
