using Casparian.Protocol.Arrow.Arrays;

namespace Casparian.Worker.Sinks;

/// <summary>
/// Where one output of one job goes: <see cref="BeginAsync"/>, any number of <see cref="WriteAsync"/>, then
/// <see cref="CommitAsync"/> or <see cref="AbortAsync"/>. Nothing written is visible to readers of the target before
/// the commit; an abort, a failure or the death of the process leaves nothing visible. Disposing a sink that was not
/// committed aborts it. The commit is idempotent per <see cref="SinkTarget.MaterializationKey"/> and table. A sink
/// instance serves one job and output and is not thread-safe.
/// </summary>
public interface IOutputSink : IAsyncDisposable
{
    /// <summary>Stages the output (checks the mode, creates what is needed); throws <see cref="SinkException"/>.</summary>
    Task BeginAsync(SinkTarget target, CancellationToken cancellationToken = default);

    /// <summary>Stages one batch; its schema must be the target's.</summary>
    Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Makes every staged row visible at once.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Discards every staged row; safe to call at any point, and more than once.</summary>
    Task AbortAsync();

    /// <summary>
    /// Rows written so far; when <see cref="AlreadyCommitted"/>, the rows the earlier commit of the same
    /// materialization key recorded.
    /// </summary>
    long RowsWritten { get; }

    /// <summary>
    /// True when <see cref="BeginAsync"/> found the target's materialization key already committed to its table: the
    /// sink is then a no-op (writes are ignored, the commit changes nothing) that reports the committed row count.
    /// </summary>
    bool AlreadyCommitted { get; }
}
