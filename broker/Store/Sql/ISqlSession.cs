namespace Casparian.Broker.Store.Sql;

/// <summary>
/// The little SQL surface the shared store code needs from an adapter: statements with positional parameters
/// (<c>$1</c>, <c>$2</c>, …) of type string, long, int, bool or null. Both PostgreSQL and DuckDB accept that syntax.
/// </summary>
internal interface ISqlSession
{
    Task<int> ExecuteAsync(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken);

    Task<IReadOnlyList<T>> QueryAsync<T>(string sql, IReadOnlyList<object?> args, Func<ISqlRow, T> map, CancellationToken cancellationToken);
}

/// <summary>One result row, read by column ordinal.</summary>
internal interface ISqlRow
{
    bool IsNull(int ordinal);

    string GetString(int ordinal);

    long GetInt64(int ordinal);

    bool GetBoolean(int ordinal);
}
