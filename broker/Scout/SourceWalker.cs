using Casparian.Native.Posix;

namespace Casparian.Broker.Scout;

/// <summary>A regular file found under a source root.</summary>
/// <param name="RelativePath">'/'-separated, relative to the root: the file's stable location key.</param>
/// <param name="FullPath">Where to read it.</param>
public sealed record WalkedFile(string RelativePath, string FullPath);

/// <summary>
/// Lists the regular files under a source root, in ordinal order of their relative paths (so scans and the ids they
/// allocate are reproducible). It skips the project's <c>.casparian/</c> folder and every hidden folder, pipes, sockets
/// and devices (reading a pipe would block the scan), and links that point outside the root; a link to a folder is
/// never followed (its target is walked where it lives, which also rules out cycles). Entry kinds come from readdir,
/// so a plain file costs no stat here: its size is learnt when it is opened for hashing.
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
        var folders = new Stack<string>();
        folders.Push(fullRoot);
        var entries = new List<(string Name, DirectoryEntryKind Kind)>();
        while (folders.TryPop(out var folder))
        {
            entries.Clear();
            try
            {
                DirectoryReader.Read(folder, entries);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A folder that vanished or may not be listed is skipped, as find does; the rest of the root still counts.
                continue;
            }
            foreach (var (name, kind) in entries)
            {
                var path = folder + "/" + name;
                switch (KindOf(path, kind))
                {
                    case DirectoryEntryKind.Directory when !name.StartsWith('.'):
                        folders.Push(path);
                        break;
                    case DirectoryEntryKind.RegularFile:
                        files.Add(new WalkedFile(Relative(fullRoot, path), path));
                        break;
                    case DirectoryEntryKind.SymbolicLink when TargetsFileInside(path, fullRoot):
                        files.Add(new WalkedFile(Relative(fullRoot, path), path));
                        break;
                }
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    // Some file systems leave d_type unknown; then the entry is looked at once (a pipe there would pass as a file).
    private static DirectoryEntryKind KindOf(string path, DirectoryEntryKind kind)
    {
        if (kind != DirectoryEntryKind.Unknown)
        {
            return kind;
        }
        var info = new FileInfo(path);
        return info.LinkTarget is not null ? DirectoryEntryKind.SymbolicLink
            : Directory.Exists(path) ? DirectoryEntryKind.Directory
            : info.Exists ? DirectoryEntryKind.RegularFile
            : DirectoryEntryKind.Unknown;
    }

    // A link counts only when its final target is a regular file inside the root.
    private static bool TargetsFileInside(string path, string root)
    {
        if (new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true } target)
        {
            return false;
        }
        return target.FullName.StartsWith(root + "/", StringComparison.Ordinal);
    }

    private static string Relative(string root, string fullPath) => fullPath[(root.Length + 1)..];
}
