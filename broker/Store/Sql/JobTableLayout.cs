namespace Casparian.Broker.Store.Sql;

/// <summary>
/// Where the writes of the shared transition SQL go. Reads always use <c>jobs</c> (a table on DuckDB, a view on
/// PostgreSQL); updates must name the table that holds the state, and reach the job's source hash from it.
/// </summary>
/// <param name="StateTable">The table the transition UPDATE targets.</param>
/// <param name="SourceHash">The SQL expression of the source hash of the job aliased <c>j</c> in that UPDATE.</param>
internal sealed record JobTableLayout(string StateTable, string SourceHash)
{
    /// <summary>DuckDB: one <c>jobs</c> table (its updates are columnar, so the index argument for a split does not apply).</summary>
    public static JobTableLayout OneTable { get; } = new("jobs", "j.source_hash");

    /// <summary>PostgreSQL since schema 4: the hot state in <c>job_state</c>, the immutable identity in <c>job_specs</c>.</summary>
    public static JobTableLayout Split { get; } = new("job_state", "(SELECT p.source_hash FROM job_specs AS p WHERE p.id = j.id)");
}
