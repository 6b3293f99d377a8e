using System.IO.Enumeration;

namespace Casparian.Broker.Scout;

/// <summary>A regular file found under a source root.</summary>
/// <param name="RelativePath">'/'-separated, relative to the root: the file's stable location key.</param>
/// <param name="FullPath">Where to read it.</param>
/// <param name="Size">Its length when listed.</param>
public sealed record WalkedFile(string RelativePath, string FullPath, long Size);

/// <summary>
/// Lists the regular files under a source root, in ordinal order of their relative paths (so scans and the ids they
/// allocate are reproducible). It skips the project's <c>.casparian/</c> folder and every hidden folder, and links
/// that point outside the root; a link to a folder is never followed (its target is walked where it lives, which
/// also rules out cycles).
/// </summary>
public static class SourceWalker
{
    /// <summary>The project folder (state, outputs) that a scan of the project directory must not ingest.</summary>
    public const string ProjectFolder = ".casparian";

    /// <summary>The files under <paramref name="root"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The root is not a folder; the message names it.</exception>
    public static IReadOnlyList<WalkedFile> Walk(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(fullRoot))
        {
            throw new DirectoryNotFoundException($"'{root}' is not a folder; give the folder of files to ingest, e.g. casparian run ./evidence");
        }
        var files = new List<WalkedFile>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        // One pass over raw directory entries: no FileInfo per file, and a readlink only for entries that are links.
        var entries = new FileSystemEnumerable<(string Path, long Length, bool Link)>(fullRoot,
            (ref FileSystemEntry entry) => (entry.ToFullPath(), entry.Length, (entry.Attributes & FileAttributes.ReparsePoint) != 0), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
            // Hidden folders (.casparian, .git) and folder links are not entered.
            ShouldRecursePredicate = (ref FileSystemEntry entry) =>
                !entry.FileName.StartsWith('.') && (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        foreach (var (path, length, link) in entries)
        {
            if (!link)
            {
                files.Add(new WalkedFile(Relative(fullRoot, path), path, length));
            }
            else if (ResolveInside(new FileInfo(path), fullRoot) is { } target)
            {
                files.Add(new WalkedFile(Relative(fullRoot, path), path, target.Length));
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    // A plain file is itself; a link counts only when its final target is a regular file inside the root.
    private static FileInfo? ResolveInside(FileInfo file, string root)
    {
        if (file.LinkTarget is null)
        {
            return file;
        }
        if (file.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true } target)
        {
            return null;
        }
        var inside = target.FullName.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside ? target : null;
    }

    private static string Relative(string root, string fullPath)
    {
        var relative = fullPath[(root.Length + 1)..];
        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
