using Casparian.Broker.Store;

namespace Casparian.Broker.Sentinel;

/// <summary>
/// One trip of the Sentinel's loop to the store: the state changes of an inbound batch and the refills of free slots,
/// sent together. The loop keeps up to two rounds in flight, so the store has the next one waiting while it commits the
/// current one, and applies their results itself, oldest first, so nothing the loop owns is touched by another thread.
/// </summary>
internal sealed class StoreRound
{
    public StoreRound(List<TransitionRequest> requests, Task<IReadOnlyList<TransitionResult>> transitions, List<RoundLease> leases)
    {
        Requests = requests;
        Transitions = transitions;
        Leases = leases;
        Done = Task.WhenAll(leases.Select(l => (Task)l.Jobs).Append(transitions));
    }

    /// <summary>The state changes sent, in the order of <see cref="Transitions"/>' results.</summary>
    public List<TransitionRequest> Requests { get; }

    public Task<IReadOnlyList<TransitionResult>> Transitions { get; }

    public List<RoundLease> Leases { get; }

    /// <summary>Completes when the store has answered everything in the round.</summary>
    public Task Done { get; }
}

/// <summary>Free slots of one worker asked of the store in a round.</summary>
internal sealed record RoundLease(ConnectedWorker Worker, int Asked, Task<IReadOnlyList<JobRecord>> Jobs);
