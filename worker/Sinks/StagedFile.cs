using System.Globalization;

namespace Casparian.Worker.Sinks;

/// <summary>
/// The file a file sink writes for one job output: staged under a hidden temporary name in the output's folder and
/// renamed on commit to its final name <c>{table}/{materialization_key}.{ext}</c>, derived from the materialization key
/// so that the rename both publishes the rows and records the commit. A rename within one folder is atomic, so readers
/// globbing <c>*.{ext}</c> see the whole file or nothing; a process killed while writing leaves only a hidden
/// <c>.…tmp</c> file that no such glob matches; and a rerun of the same key finds the final file and writes nothing.
/// </summary>
internal sealed class StagedFile
{
    private StagedFile(string folder, string finalPath, string tempPath, string extension, bool alreadyCommitted)
    {
        Folder = folder;
        FinalPath = finalPath;
        TempPath = tempPath;
        Extension = extension;
        AlreadyCommitted = alreadyCommitted;
    }

    /// <summary>The output's folder, <c>ROOT/{table}</c>.</summary>
    public string Folder { get; }

    public string FinalPath { get; }

    public string TempPath { get; }

    public string Extension { get; }

    /// <summary>The final file already exists: an earlier run committed this materialization key.</summary>
    public bool AlreadyCommitted { get; }

    /// <summary>Names the file for <paramref name="target"/> under <paramref name="root"/>, applying the sink mode's checks.</summary>
    public static StagedFile Prepare(string root, SinkTarget target, string extension)
    {
        var folder = Path.Combine(Path.GetFullPath(root), target.Table);
        Directory.CreateDirectory(folder);
        var finalPath = Path.Combine(folder, $"{target.MaterializationKey}.{extension}");
        var tempName = string.Create(CultureInfo.InvariantCulture, $".{target.MaterializationKey}-{target.JobId}-{target.Attempt}-{Guid.NewGuid():N}.{extension}.tmp");
        var tempPath = Path.Combine(folder, tempName);
        if (File.Exists(finalPath))
        {
            return new StagedFile(folder, finalPath, tempPath, extension, alreadyCommitted: true);
        }
        if (target.Mode == SinkMode.Error && CommittedFiles(folder, extension).Any())
        {
            throw SinkTargetNotEmptyException.For($"folder '{folder}' (it holds .{extension} files)");
        }
        return new StagedFile(folder, finalPath, tempPath, extension, alreadyCommitted: false);
    }

    /// <summary>The committed output files in <paramref name="folder"/> (temporary files excluded).</summary>
    public static IEnumerable<string> CommittedFiles(string folder, string extension) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*." + extension).Where(f => !Path.GetFileName(f).StartsWith('.'))
            : [];

    /// <summary>
    /// Publishes the staged file. For Replace, the other committed files are removed right after the rename: a reader
    /// listing the folder in between may see the old files beside the new one, never a partial file. If a concurrent
    /// run of the same key published first, its file (the same rows) is kept and this one discarded.
    /// </summary>
    public void Publish(SinkMode mode)
    {
        try
        {
            File.Move(TempPath, FinalPath, overwrite: false);
        }
        catch (IOException) when (File.Exists(FinalPath))
        {
            Discard();
            return;
        }
        if (mode == SinkMode.Replace)
        {
            foreach (var old in CommittedFiles(Folder, Extension).Where(f => f != FinalPath).ToList())
            {
                File.Delete(old);
            }
        }
    }

    /// <summary>Removes the staged file if it is still there.</summary>
    public void Discard()
    {
        if (File.Exists(TempPath))
        {
            File.Delete(TempPath);
        }
    }
}
