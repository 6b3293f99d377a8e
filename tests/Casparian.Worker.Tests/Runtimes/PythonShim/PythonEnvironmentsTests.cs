using Casparian.Protocol.Hashing;
using Casparian.Worker.Runtimes.PythonShim;

namespace Casparian.Worker.Tests.Runtimes.PythonShim;

/// <summary>
/// Per-lockfile virtual environments, built for real with <c>python3 -m venv</c> and an offline pip install from a
/// wheel folder (a wheel written by the test), in a cache folder of the test's own.
/// </summary>
public sealed class PythonEnvironmentsTests : IDisposable
{
    private const string Lockfile = "requirements.lock";
    private readonly string _root = Directory.CreateTempSubdirectory("casparian-venvs-").FullName;

    private string Cache => Path.Combine(_root, "cache");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_bundle_without_lockfile_runs_with_the_base_python_and_creates_nothing()
    {
        var environments = new PythonEnvironments(Options());
        Assert.Equal(ShimRun.SystemPython, await environments.ResolveAsync(Bundle("plain", lockfile: null), null, default));
        Assert.False(Directory.Exists(Cache));
    }

    [Fact]
    public async Task Concurrent_jobs_share_one_environment_per_lockfile_in_which_a_plugin_imports_its_wheel()
    {
        var bundle = Bundle("with-deps", "casparian-tiny==1.0\n");
        TinyWheel.Write(Path.Combine(bundle, "wheels"), "casparian_tiny", "1.0", "from the wheel");
        // Two jobs in this process share one creation; a second instance stands for another worker process on the
        // same cache and must wait on the lock file (building twice would make the second rename into place fail).
        var environments = new PythonEnvironments(Options());
        var otherProcess = new PythonEnvironments(Options());

        var pythons = await Task.WhenAll(
            environments.ResolveAsync(bundle, Lockfile, default),
            environments.ResolveAsync(bundle, Lockfile, default),
            otherProcess.ResolveAsync(bundle, Lockfile, default));

        var hash = Convert.ToHexStringLower(Blake3.Hash(File.ReadAllBytes(Path.Combine(bundle, Lockfile))));
        Assert.All(pythons, p => Assert.Equal(Path.Combine(Cache, hash, "bin", "python"), p));
        Assert.Equal([hash], Directory.GetDirectories(Cache).Select(Path.GetFileName)); // no temp folder left behind

        // The shim runs under the environment's python, and the plugin imports the package installed from the wheel.
        const string plugin = """
            import casparian_tiny

            def parse(input_path, ctx):
                ctx.output("values").write((casparian_tiny.VALUE,))
            """;
        using var shimBundle = TestBundle.Create(plugin, new Dictionary<string, string> { ["values"] = """{"columns":[{"name":"v","type":"utf8","nullable":false}]}""" });
        var run = await shimBundle.RunAsync(python: pythons[0]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal([["from the wheel"]], Assert.Single(run.ReadStreams()).Rows);
        // ...which the base python does not have: the environment is isolated.
        var without = await shimBundle.RunAsync();
        Assert.Equal("ModuleNotFoundError: No module named 'casparian_tiny'", (string)without.Frames[^1]["message"]!);
    }

    [Fact]
    public async Task A_requirement_without_a_wheel_fails_naming_it_and_leaves_no_environment()
    {
        // six exists on PyPI: an install that went online would succeed, so this also shows the install is offline.
        var bundle = Bundle("missing", "casparian-tiny==1.0\nsix==1.16.0\n");
        TinyWheel.Write(Path.Combine(bundle, "wheels"), "casparian_tiny", "1.0", "x");
        var environments = new PythonEnvironments(Options());

        var error = await Assert.ThrowsAsync<PythonEnvironmentException>(() => environments.ResolveAsync(bundle, Lockfile, default));

        Assert.Contains("'six==1.16.0'", error.Message, StringComparison.Ordinal);
        Assert.Contains("wheels", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(Cache));
    }

    [Fact]
    public async Task The_least_recently_used_environment_beyond_the_limit_is_evicted()
    {
        var clock = new ManualClock();
        var environments = new PythonEnvironments(Options() with { MaxEnvironments = 2, Clock = clock });
        string[] bundles = ["a", "b", "c"];
        foreach (var name in bundles)
        {
            TinyWheel.Write(Path.Combine(Bundle(name, $"# environment {name}\ncasparian-tiny==1.0\n"), "wheels"), "casparian_tiny", "1.0", name);
        }
        async Task<string> Use(string name)
        {
            clock.Advance();
            return Path.GetDirectoryName(Path.GetDirectoryName(await environments.ResolveAsync(Path.Combine(_root, name), Lockfile, default)))!;
        }

        var a = await Use("a");
        var b = await Use("b");
        Assert.Equal(a, await Use("a"));   // a is now more recently used than b
        var c = await Use("c");

        Assert.True(Directory.Exists(a) && Directory.Exists(c));
        Assert.False(Directory.Exists(b), "the least recently used environment was kept");
        Assert.Equal(2, Directory.GetDirectories(Cache).Length);
    }

    private PythonEnvironmentOptions Options() => new() { CacheDirectory = Cache, BasePython = ShimRun.SystemPython };

    private string Bundle(string name, string? lockfile)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        if (lockfile is not null)
        {
            File.WriteAllText(Path.Combine(dir, Lockfile), lockfile);
        }
        return dir;
    }

    /// <summary>A clock that moves only when told, so the least-recently-used order does not depend on timing.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public void Advance() => _now += TimeSpan.FromMinutes(1);

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
