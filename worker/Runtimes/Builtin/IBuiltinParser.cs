using Casparian.Worker.Execution;

namespace Casparian.Worker.Runtimes.Builtin;

/// <summary>A first-party parser compiled into the worker and run in-process (<c>builtin:NAME</c>).</summary>
public interface IBuiltinParser
{
    /// <summary>The plugin name after <c>builtin:</c>, e.g. <c>noop</c>.</summary>
    string Name { get; }

    Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken);
}
