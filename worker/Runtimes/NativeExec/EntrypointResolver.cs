using Casparian.Worker.Execution;

namespace Casparian.Worker.Runtimes.NativeExec;

/// <summary>
/// Resolves a plugin's entrypoint inside its bundle folder and refuses anything that leaves it: absolute paths,
/// <c>..</c> segments, and symbolic links (anywhere on the way) that point outside.
/// </summary>
public static class EntrypointResolver
{
    public static string Resolve(string? bundlePath, string? entrypoint)
    {
        if (string.IsNullOrEmpty(bundlePath) || string.IsNullOrEmpty(entrypoint))
        {
            throw new JobFailedException(FailureKind.Permanent, "plugin.no_entrypoint", "the plugin has no bundle path or entrypoint; publish it with both");
        }
        if (Path.IsPathRooted(entrypoint) || entrypoint.Split('/', '\\').Contains(".."))
        {
            throw new JobFailedException(FailureKind.Permanent, "plugin.entrypoint_outside_bundle",
                $"entrypoint '{entrypoint}' must be a relative path inside the bundle, without '..'");
        }
        var bundle = RealPath(Path.GetFullPath(bundlePath));
        var candidate = RealPath(Path.GetFullPath(Path.Combine(bundle, entrypoint)));
        if (!candidate.StartsWith(bundle + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new JobFailedException(FailureKind.Permanent, "plugin.entrypoint_outside_bundle",
                $"entrypoint '{entrypoint}' resolves to {candidate}, outside the bundle {bundle} (a link out of the bundle?)");
        }
        if (!File.Exists(candidate))
        {
            throw new JobFailedException(FailureKind.Permanent, "plugin.entrypoint_missing", $"entrypoint {candidate} does not exist; check the bundle");
        }
        return candidate;
    }

    /// <summary>The path with every symbolic link component resolved.</summary>
    private static string RealPath(string path)
    {
        var root = Path.GetPathRoot(path) ?? "/";
        var current = root;
        foreach (var part in path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            if (info.Exists || Directory.Exists(current))
            {
                var target = info.LinkTarget is not null ? info.ResolveLinkTarget(returnFinalTarget: true) : null;
                if (target is not null)
                {
                    current = target.FullName;
                }
            }
        }
        return current;
    }
}
