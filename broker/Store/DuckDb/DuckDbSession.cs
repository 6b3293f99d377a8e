using Casparian.Broker.Store.Sql;

namespace Casparian.Broker.Store.DuckDb;

/// <summary>Shared-store SQL run by the single writer, each call in the group commit it lands in.</summary>
internal sealed class DuckDbSession(GroupCommitWriter writer) : ISqlSession
{
    public async Task<int> ExecuteAsync(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken) =>
        (int)await writer.Submit(new SqlOp<long>(c => DuckDbSql.Execute(c, sql, args))).WaitAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, IReadOnlyList<object?> args, Func<ISqlRow, T> map, CancellationToken cancellationToken) =>
        await writer.Submit(new SqlOp<List<T>>(c => DuckDbSql.Query(c, sql, args, map))).WaitAsync(cancellationToken).ConfigureAwait(false);
}
