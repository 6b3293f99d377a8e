namespace Casparian.Broker.Store.Sql;

/// <summary>The job columns every adapter selects, in one order, and the mapping of a row to <see cref="JobRecord"/>.</summary>
internal static class JobColumns
{
    public const string List =
        "id, materialization_key, source_hash, plugin, priority, state, worker_id, lease_expires_us, not_before_us, " +
        "attempts, retries, rejections, worker_losses, abort_requested, reason, payload";

    /// <summary>How many columns <see cref="List"/> has; the next ordinal is free for extra columns.</summary>
    public static int Count { get; } = List.Split(", ").Length;

    // The columns that live in the identity table (job_specs) when the state is split from it; the rest are state.
    private static readonly HashSet<string> IdentityColumns = ["materialization_key", "source_hash", "plugin", "payload"];

    /// <summary>The same list qualified with a table alias, for UPDATE … RETURNING with joins.</summary>
    public static string Qualified(string alias) => Qualified(alias, alias);

    /// <summary>The list qualified for a split layout: identity columns from <paramref name="identity"/>, the rest from <paramref name="state"/>.</summary>
    public static string Qualified(string state, string identity) =>
        string.Join(", ", List.Split(", ").Select(c => $"{(IdentityColumns.Contains(c) ? identity : state)}.{c}"));

    public static JobRecord Read(ISqlRow row) => new(
        Id: row.GetInt64(0),
        MaterializationKey: row.GetString(1),
        SourceHash: row.GetString(2),
        Plugin: row.GetString(3),
        Priority: (int)row.GetInt64(4),
        State: (JobState)row.GetInt64(5),
        WorkerId: row.IsNull(6) ? null : row.GetString(6),
        LeaseExpires: row.IsNull(7) ? null : Microseconds.ToTime(row.GetInt64(7)),
        NotBefore: Microseconds.ToTime(row.GetInt64(8)),
        Attempts: (int)row.GetInt64(9),
        Retries: (int)row.GetInt64(10),
        Rejections: (int)row.GetInt64(11),
        WorkerLosses: (int)row.GetInt64(12),
        AbortRequested: row.GetBoolean(13),
        Reason: row.IsNull(14) ? null : row.GetString(14),
        Payload: row.IsNull(15) ? null : row.GetString(15));
}
