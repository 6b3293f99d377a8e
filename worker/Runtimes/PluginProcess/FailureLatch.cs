namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>
/// Where the pumps of one plugin run report how it failed: the first report wins (later ones are consequences, e.g.
/// the pipes closing after the kill) and wakes the host. A report is <em>deferred</em> when it may only be the visible
/// end of a crash (output ending early, nothing said before exiting): the host then gives the process a moment to exit
/// by itself and reports a crash if it died.
/// </summary>
internal sealed class FailureLatch
{
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();

    /// <summary>Completes at the first report.</summary>
    public Task Failed => _failed.Task;

    public Exception? Failure { get; private set; }

    public bool Deferred { get; private set; }

    public bool HasFailed => Failure is not null;

    public void Report(Exception failure, bool deferred = false)
    {
        lock (_lock)
        {
            if (Failure is not null)
            {
                return;
            }
            Failure = failure;
            Deferred = deferred;
        }
        _failed.TrySetResult();
    }
}
