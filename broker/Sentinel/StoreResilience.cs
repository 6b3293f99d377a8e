using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Casparian.Broker.Sentinel;

/// <summary>
/// Retries store calls that failed for a transient reason (a dropped PostgreSQL connection, a timeout) with
/// exponential backoff, so a database blip delays the Sentinel instead of stopping it. Anything else is a bug or a
/// real outage and propagates.
/// </summary>
public sealed partial class StoreResilience
{
    private readonly ResiliencePipeline _pipeline;

    public StoreResilience(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(ex => ex.IsTransient).Handle<TimeoutException>(),
                MaxRetryAttempts = 8,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(5),
                UseJitter = true,
                OnRetry = args =>
                {
                    LogRetry(logger, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.Message ?? "");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Runs <paramref name="call"/>, retrying transient store faults.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async ct => await call(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Runs <paramref name="call"/>, retrying transient store faults.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async ct => await call(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Warning, Message = "State store call failed transiently; retry {Attempt} in {DelayMs:0} ms: {Error}")]
    private static partial void LogRetry(ILogger logger, int attempt, double delayMs, string error);
}
