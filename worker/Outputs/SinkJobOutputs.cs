using Casparian.Worker.Execution;
using Casparian.Worker.Parsers;
using Casparian.Worker.Sinks;

namespace Casparian.Worker.Outputs;

/// <summary>
/// The worker's job outputs: every table a parser opens is written through the sink its DISPATCH names
/// (<see cref="SinkFactory"/>), staged until the parser completes and then committed, idempotently per materialization
/// key and table. This is what connects the builtin parsers to <c>duckdb://</c>, <c>parquet://</c>, <c>csv://</c> and
/// <c>postgres://</c> outputs.
/// </summary>
public sealed class SinkJobOutputs : IJobOutputsFactory
{
    private readonly Func<string, SinkScope, IOutputSink> createSink;

    /// <summary>Outputs through <see cref="SinkFactory.Create"/>.</summary>
    public SinkJobOutputs()
        : this((uri, scope) => SinkFactory.Create(uri, scope))
    {
    }

    /// <summary>Outputs through <paramref name="createSink"/> (a sink URI and the job's scope → a new sink).</summary>
    public SinkJobOutputs(Func<string, SinkScope, IOutputSink> createSink)
    {
        ArgumentNullException.ThrowIfNull(createSink);
        this.createSink = createSink;
    }

    public IJobOutputs Create(JobContext job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new JobSinks(job, createSink);
    }
}
