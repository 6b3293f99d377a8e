using Casparian.Protocol.Arrow.Metadata;
using Casparian.Worker.Execution;
using Casparian.Worker.Parsers;
using Casparian.Worker.Sinks;

namespace Casparian.Worker.Outputs;

/// <summary>
/// The outputs of one job written through sinks: each opened table is routed to its expected output
/// (<see cref="OutputRoute"/>), gets a sink of its own, begun with the table's schema and the output's materialization
/// key; <see cref="Complete"/> commits every sink in the order the tables were opened, and disposing without
/// completing aborts them all. Every table's commit is idempotent on its own, so a job that dies between two commits
/// and runs again commits only the missing ones.
/// </summary>
internal sealed class JobSinks : IJobOutputs
{
    private readonly JobContext job;
    private readonly Func<string, SinkScope, IOutputSink> createSink;
    private readonly SinkScope scope = new();
    private readonly List<TableSink> tables = [];
    private bool disposed;

    public JobSinks(JobContext job, Func<string, SinkScope, IOutputSink> createSink)
    {
        this.job = job;
        this.createSink = createSink;
    }

    public ITableWriter Open(string table, ArrowSchema schema)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (tables.Exists(t => t.Table == table))
        {
            throw new InvalidOperationException($"table '{table}' is already open in job {job.JobId}; open each table once");
        }
        var route = OutputRoute.Of(job.Dispatch, table);
        IOutputSink sink;
        try
        {
            sink = createSink(route.Output.SinkUri, scope);
        }
        catch (SinkException e)
        {
            throw new JobFailedException(FailureKind.Permanent, "sink.rejected", $"output '{route.Output.Name}': {e.Message}", e);
        }
        var writer = new TableSink(table, route.Output.SinkUri, sink);
        // Listed before it begins, so a failed begin is still aborted and released by Dispose.
        tables.Add(writer);
        writer.Begin(new SinkTarget(table, schema, route.Mode, route.Output.MaterializationKey, checked((long)job.JobId), job.Attempt));
        return writer;
    }

    public void Complete()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        foreach (var table in tables)
        {
            table.Commit();
        }
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        // Every sink is released even if one fails to, and the failures are reported together.
        List<Exception>? failures = null;
        foreach (var table in tables)
        {
            try
            {
                table.Release();
            }
            catch (JobFailedException e)
            {
                (failures ??= []).Add(e);
            }
        }
        // After the sinks: the scope closes the DuckDB files their connections used and hands the files on.
        scope.Dispose();
        if (failures is not null)
        {
            throw new AggregateException($"releasing the sinks of job {job.JobId} failed", failures);
        }
    }
}
