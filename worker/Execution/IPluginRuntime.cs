namespace Casparian.Worker.Execution;

/// <summary>
/// Runs a job's plugin. Implementations honour the cancellation token promptly (killing any subprocess
/// tree) and commit nothing after it fires; they fail with <see cref="JobFailedException"/>.
/// </summary>
public interface IPluginRuntime
{
    /// <summary>The <c>runtime_kind</c> this runtime serves: <c>builtin</c>, <c>native_exec</c>, <c>python_shim</c>.</summary>
    string Kind { get; }

    Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken);
}
