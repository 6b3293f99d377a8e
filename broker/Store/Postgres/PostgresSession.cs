using System.Data.Common;
using Casparian.Broker.Store.Sql;
using Npgsql;

namespace Casparian.Broker.Store.Postgres;

/// <summary>Runs shared-store SQL on a pooled connection per call.</summary>
internal sealed class PostgresSession(NpgsqlDataSource dataSource) : ISqlSession
{
    public async Task<int> ExecuteAsync(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, args);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, IReadOnlyList<object?> args, Func<ISqlRow, T> map,
        CancellationToken cancellationToken)
    {
        await using var command = Command(sql, args);
        return await ReadAllAsync(command, map, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Executes a command and maps every row.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(DbCommand command, Func<ISqlRow, T> map, CancellationToken cancellationToken)
    {
        var results = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var row = new Row(reader);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(map(row));
        }
        return results;
    }

    private NpgsqlCommand Command(string sql, IReadOnlyList<object?> args)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg ?? DBNull.Value });
        }
        return command;
    }

    private sealed class Row(DbDataReader reader) : ISqlRow
    {
        public bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

        public string GetString(int ordinal) => reader.GetString(ordinal);

        // Typed reads for the integer columns avoid boxing every value of every row; aggregates (numeric) still convert.
        public long GetInt64(int ordinal) => reader.GetFieldType(ordinal) switch
        {
            var t when t == typeof(long) => reader.GetInt64(ordinal),
            var t when t == typeof(int) => reader.GetInt32(ordinal),
            var t when t == typeof(short) => reader.GetInt16(ordinal),
            _ => Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture),
        };

        public bool GetBoolean(int ordinal) => reader.GetBoolean(ordinal);
    }
}
