using Casparian.Native.DuckDb;
using Casparian.Protocol.Locations;
using Casparian.Worker.Execution;
using Casparian.Worker.Sinks;
using Npgsql;

namespace Casparian.Worker.Outputs;

/// <summary>
/// Runs a sink call for the synchronous job outputs and turns sink failures into job failures with stable codes.
/// </summary>
/// <remarks>
/// <see cref="Parsers.IJobOutputs"/> is synchronous because parsers are synchronous loops on a worker thread of their
/// own (<c>Task.Run</c>): blocking that thread on the sink's task is what the parser would do anyway, there is no
/// synchronization context to deadlock on, and the sinks await with <c>ConfigureAwait(false)</c>. The file and DuckDB
/// sinks complete synchronously; only PostgreSQL does network I/O.
/// </remarks>
internal static class SinkCalls
{
    public static void Run(Func<Task> call, string table, string sinkUri)
    {
        try
        {
            call().GetAwaiter().GetResult();
        }
        catch (SinkTargetNotEmptyException e)
        {
            throw new JobFailedException(FailureKind.Permanent, "sink.target_not_empty", e.Message, e);
        }
        catch (SinkUnavailableException e)
        {
            throw new JobFailedException(FailureKind.Transient, "sink.unavailable", e.Message, e);
        }
        catch (SinkException e)
        {
            throw new JobFailedException(FailureKind.Permanent, "sink.rejected", $"table '{table}': {e.Message}", e);
        }
        catch (Exception e) when (e is NpgsqlException or DuckDbException or IOException or UnauthorizedAccessException)
        {
            throw new JobFailedException(FailureKind.Transient, "sink.unavailable",
                $"writing table '{table}' to {PostgresUri.Redact(sinkUri)} failed ({e.GetType().Name}: {e.Message}); the job will be retried", e);
        }
    }
}
