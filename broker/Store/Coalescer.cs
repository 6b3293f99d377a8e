namespace Casparian.Broker.Store;

/// <summary>
/// Flat combining: concurrent callers' requests are merged into one call of <c>execute</c> while the previous merged call
/// is still running, so N concurrent callers cost about one round trip and one statement instead of N. Whoever finds
/// no call running drives the loop; nobody waits on a timer.
/// </summary>
/// <typeparam name="TRequest">One caller's request.</typeparam>
/// <typeparam name="TResult">One caller's result.</typeparam>
internal sealed class Coalescer<TRequest, TResult>(Func<IReadOnlyList<TRequest>, Task<IReadOnlyList<TResult>>> execute)
{
    private readonly Lock _lock = new();
    private List<(TRequest Request, TaskCompletionSource<TResult> Done)> _pending = [];
    private bool _draining;

    /// <summary>Queues <paramref name="request"/> and returns its own result once its merged call finished.</summary>
    public Task<TResult> SubmitAsync(TRequest request, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (_lock)
        {
            _pending.Add((request, done));
            lead = !_draining;
            _draining = true;
        }
        if (lead)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }
        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<(TRequest Request, TaskCompletionSource<TResult> Done)> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _draining = false;
                    return;
                }
                batch = _pending;
                _pending = [];
            }
            try
            {
                var results = await execute([.. batch.Select(b => b.Request)]).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
#pragma warning disable CA1031 // The failure belongs to the callers of this merged call: each one receives it.
            catch (Exception error)
#pragma warning restore CA1031
            {
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(error);
                }
            }
        }
    }
}
