namespace Casparian.Worker.Runtimes.PythonShim;

/// <summary>Where and how <see cref="PythonEnvironments"/> keeps the virtual environments of python_shim plugins.</summary>
public sealed record PythonEnvironmentOptions
{
    /// <summary>The cache folder: one environment per lockfile hash (default <c>~/.cache/casparian/venvs</c>).</summary>
    public string CacheDirectory { get; init; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "casparian", "venvs");

    /// <summary>The interpreter that creates environments and runs plugins without a lockfile.</summary>
    public string BasePython { get; init; } = "python3";

    /// <summary>Most environments kept; beyond it the least recently used are deleted.</summary>
    public int MaxEnvironments { get; init; } = 16;

    /// <summary>Largest lockfile accepted (a lockfile is a short list of pinned requirements).</summary>
    public int MaxLockfileBytes { get; init; } = 1 << 20;

    /// <summary>How long creating one environment (venv plus offline install) may take.</summary>
    public TimeSpan CreateTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The clock of the least-recently-used order (tests pass a fake one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
