using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Worker.Execution;

namespace Casparian.Worker.Parsers;

/// <summary>
/// Where a parser writes the outputs of one job: one stream of Arrow batches per table (the good rows of an output
/// and its <c>&lt;table&gt;__quarantine</c> rows are two tables). Nothing is visible until <see cref="Complete"/>;
/// disposing without completing discards everything written (the job failed or was cancelled).
/// </summary>
public interface IJobOutputs : IDisposable
{
    /// <summary>Opens the batch stream of <paramref name="table"/>; every batch written must have <paramref name="schema"/>.</summary>
    ITableWriter Open(string table, ArrowSchema schema);

    /// <summary>The parser finished without error: what was written may be committed.</summary>
    void Complete();
}

/// <summary>One table's stream of batches within a job's outputs.</summary>
public interface ITableWriter
{
    /// <summary>
    /// Writes a batch. The batch is a view over the parser's pooled memory, valid only during the call: copy or
    /// serialize it before returning.
    /// </summary>
    void Write(RecordBatch batch);

    /// <summary>
    /// When an earlier run already committed this table's output for the job's materialization key, the rows that run
    /// committed; the writer then ignores every batch and the receipt reports this count. Null when rows are written.
    /// </summary>
    long? AlreadyCommittedRows => null;
}

/// <summary>Makes the outputs of a job (the worker's sinks, or a test's collector).</summary>
public interface IJobOutputsFactory
{
    IJobOutputs Create(JobContext job);
}
