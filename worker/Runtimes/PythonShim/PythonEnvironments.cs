using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Casparian.Protocol.Hashing;
using Casparian.Protocol.Plugins;

namespace Casparian.Worker.Runtimes.PythonShim;

/// <summary>
/// The interpreters python_shim plugins run with: a bundle without lockfile uses the base <c>python3</c>; a bundle
/// with one gets an isolated virtual environment per lockfile hash (BLAKE3 of the lockfile's bytes), created with
/// <c>python3 -m venv</c> and filled offline from the bundle's <c>wheels/</c> folder
/// (<c>pip install --no-index --find-links BUNDLE/wheels -r LOCKFILE</c>).
/// <para>An environment is built in a temp folder and renamed into place with its ready marker already inside, so
/// an environment folder either is complete or does not exist. Jobs that need the same environment at once wait for
/// one creation: in this process through a shared task, across processes through a lock file. The least recently
/// used environments beyond <see cref="PythonEnvironmentOptions.MaxEnvironments"/> are deleted.</para>
/// </summary>
public sealed partial class PythonEnvironments(PythonEnvironmentOptions options)
{
    /// <summary>Written last inside a finished environment; its modification time is the environment's last use.</summary>
    public const string ReadyMarker = ".casparian-ready";

    private const string TempPrefix = ".tmp-";
    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _creating = new(StringComparer.Ordinal);

    /// <summary>The python executable for <paramref name="bundle"/>.</summary>
    public Task<string> ResolveAsync(PluginBundle bundle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return ResolveAsync(bundle.Directory, bundle.Lockfile, cancellationToken);
    }

    /// <summary>
    /// The python executable for the bundle in <paramref name="bundleDirectory"/> whose lockfile (absolute, or
    /// relative to the bundle) is <paramref name="lockfile"/>, or the base python when it has none.
    /// </summary>
    /// <exception cref="PythonEnvironmentException">The environment cannot be created; the message names the requirement or the step.</exception>
    public async Task<string> ResolveAsync(string bundleDirectory, string? lockfile, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(bundleDirectory);
        if (lockfile is null)
        {
            return options.BasePython;
        }
        var lockfilePath = Path.GetFullPath(lockfile, bundleDirectory);
        var hash = Convert.ToHexStringLower(Blake3.Hash(ReadLockfile(lockfilePath)));
        // One creation per hash in this process; it is not cancelled by one waiter giving up, others may still wait.
        var creation = _creating.GetOrAdd(hash, h => new Lazy<Task<string>>(() => EnsureAsync(h, bundleDirectory, lockfilePath)));
        try
        {
            return await creation.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (creation.Value.IsCompleted)
            {
                _creating.TryRemove(KeyValuePair.Create(hash, creation));
            }
        }
    }

    /// <summary>The folder of the environment for a lockfile hash.</summary>
    public string EnvironmentDirectory(string lockfileHash) => Path.Combine(options.CacheDirectory, lockfileHash);

    private byte[] ReadLockfile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new PythonEnvironmentException($"lockfile {path} does not exist; add it to the bundle or remove 'lockfile' from casparian.toml");
        }
        if (info.Length > options.MaxLockfileBytes)
        {
            throw new PythonEnvironmentException($"lockfile {path} is {info.Length} bytes; a lockfile of pinned requirements is at most {options.MaxLockfileBytes}");
        }
        return File.ReadAllBytes(path);
    }

    private async Task<string> EnsureAsync(string hash, string bundleDirectory, string lockfilePath)
    {
        var environment = EnvironmentDirectory(hash);
        if (TryUse(environment, out var python))
        {
            return python;
        }
        Directory.CreateDirectory(options.CacheDirectory);
        using (await AcquireLockAsync(Path.Combine(options.CacheDirectory, $"{hash}.lock")).ConfigureAwait(false))
        {
            // Another process may have built it while this one waited for the lock.
            if (TryUse(environment, out python))
            {
                return python;
            }
            await CreateAsync(hash, environment, bundleDirectory, lockfilePath).ConfigureAwait(false);
        }
        EvictBeyondLimit(keep: environment);
        if (!TryUse(environment, out python))
        {
            throw new PythonEnvironmentException($"the environment {environment} vanished right after it was created; raise PythonEnvironmentOptions.MaxEnvironments above the number of lockfiles in use at once");
        }
        return python;
    }

    private async Task CreateAsync(string hash, string environment, string bundleDirectory, string lockfilePath)
    {
        var wheels = Path.Combine(bundleDirectory, "wheels");
        if (!Directory.Exists(wheels))
        {
            throw new PythonEnvironmentException($"bundle {bundleDirectory} has a lockfile but no wheels/ folder; put the wheels of every pinned requirement there (pip download --only-binary=:all: -d wheels -r {Path.GetFileName(lockfilePath)})");
        }
        // Leftovers of a creation of this hash that crashed (this process holds the hash's lock, so none is live).
        foreach (var stale in Directory.EnumerateDirectories(options.CacheDirectory, $"{TempPrefix}{hash}-*"))
        {
            Directory.Delete(stale, recursive: true);
        }
        var temp = Path.Combine(options.CacheDirectory, $"{TempPrefix}{hash}-{Guid.NewGuid():N}");
        var home = temp + ".home";
        Directory.CreateDirectory(home);
        try
        {
            await RunStepAsync(options.BasePython, ["-m", "venv", temp], home, "python3 -m venv").ConfigureAwait(false);
            var (exitCode, output) = await PythonCommand.RunAsync(PythonOf(temp),
                ["-m", "pip", "install", "--no-index", "--no-cache-dir", "--find-links", wheels, "-r", lockfilePath],
                home, options.CreateTimeout, CancellationToken.None).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw InstallFailure(lockfilePath, wheels, output);
            }
            await File.WriteAllTextAsync(Path.Combine(temp, ReadyMarker), hash).ConfigureAwait(false);
            Directory.Move(temp, environment);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
            Directory.Delete(home, recursive: true);
        }
    }

    private async Task RunStepAsync(string file, string[] args, string home, string step)
    {
        var (exitCode, output) = await PythonCommand.RunAsync(file, args, home, options.CreateTimeout, CancellationToken.None).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new PythonEnvironmentException($"{step} failed (exit {exitCode}); install python3-venv (apt-get install python3-venv). Output:\n{output}");
        }
    }

    private static PythonEnvironmentException InstallFailure(string lockfilePath, string wheels, string output)
    {
        var missing = MissingRequirement().Match(output);
        return missing.Success
            ? new PythonEnvironmentException($"requirement '{missing.Groups[1].Value}' of {lockfilePath} has no wheel in {wheels}; add it there (pip download --only-binary=:all: -d wheels '{missing.Groups[1].Value}') and publish the bundle again")
            : new PythonEnvironmentException($"installing {lockfilePath} from {wheels} failed; pip said:\n{output}");
    }

    [GeneratedRegex(@"No matching distribution found for (\S+)")]
    private static partial Regex MissingRequirement();

    /// <summary>True, with its python, when the environment is complete; marks it as just used.</summary>
    private bool TryUse(string environment, out string python)
    {
        python = PythonOf(environment);
        var marker = Path.Combine(environment, ReadyMarker);
        if (!File.Exists(marker) || !File.Exists(python))
        {
            return false;
        }
        try
        {
            File.SetLastWriteTimeUtc(marker, options.Clock.GetUtcNow().UtcDateTime);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false; // evicted by another process between the check and the touch
        }
    }

    private static string PythonOf(string environment) => Path.Combine(environment, "bin", "python");

    /// <summary>An exclusive lock file (flock under .NET on Unix), polled until free or the creation timeout.</summary>
    private async Task<FileStream> AcquireLockAsync(string path)
    {
        var deadline = options.Clock.GetUtcNow() + options.CreateTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (options.Clock.GetUtcNow() < deadline)
            {
                await Task.Delay(LockPollInterval).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Deletes the least recently used environments beyond the limit, never <paramref name="keep"/>.</summary>
    private void EvictBeyondLimit(string keep)
    {
        var ready = new DirectoryInfo(options.CacheDirectory).EnumerateDirectories()
            .Where(d => !d.Name.StartsWith(TempPrefix, StringComparison.Ordinal) && File.Exists(Path.Combine(d.FullName, ReadyMarker)))
            .OrderByDescending(d => string.Equals(d.FullName, keep, StringComparison.Ordinal))
            .ThenByDescending(d => File.GetLastWriteTimeUtc(Path.Combine(d.FullName, ReadyMarker)))
            .ToList();
        foreach (var old in ready.Skip(Math.Max(1, options.MaxEnvironments)))
        {
            // Renamed first, so no one ever sees a half-deleted environment as ready.
            var doomed = Path.Combine(options.CacheDirectory, $"{TempPrefix}evicted-{old.Name}-{Guid.NewGuid():N}");
            try
            {
                Directory.Move(old.FullName, doomed);
            }
            catch (DirectoryNotFoundException)
            {
                continue; // another process evicted it first
            }
            Directory.Delete(doomed, recursive: true);
        }
    }
}
