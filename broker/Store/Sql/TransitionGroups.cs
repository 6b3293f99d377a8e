namespace Casparian.Broker.Store.Sql;

/// <summary>
/// Splits a batch of transition requests into groups that one set-based statement each can apply, while keeping the
/// meaning of applying them one by one in order: a job that appears twice starts a new segment, so its second request
/// sees the outcome of its first.
/// </summary>
internal static class TransitionGroups
{
    /// <summary>Groups of (kind, requests with distinct job ids), in an order equivalent to the original sequence.</summary>
    public static List<(JobTransition Kind, List<TransitionRequest> Requests)> Split(IReadOnlyList<TransitionRequest> requests)
    {
        var groups = new List<(JobTransition, List<TransitionRequest>)>();
        var segment = new Dictionary<JobTransition, List<TransitionRequest>>();
        var order = new List<JobTransition>();
        var seen = new HashSet<long>();
        void Flush()
        {
            groups.AddRange(order.Select(k => (k, segment[k])));
            segment = [];
            order.Clear();
            seen.Clear();
        }
        foreach (var request in requests)
        {
            ArgumentNullException.ThrowIfNull(request);
            if (request.Kind == JobTransition.Lease)
            {
                throw new ArgumentException("Lease is performed by LeaseAsync, not by TransitionAsync", nameof(requests));
            }
            JobTransitions.Rule(request.Kind);
            if (!seen.Add(request.JobId))
            {
                Flush();
                seen.Add(request.JobId);
            }
            if (!segment.TryGetValue(request.Kind, out var list))
            {
                segment[request.Kind] = list = [];
                order.Add(request.Kind);
            }
            list.Add(request);
        }
        Flush();
        return groups;
    }
}
