using Casparian.Broker.Store.Sql;
using Casparian.Native.DuckDb;

namespace Casparian.Broker.Store.DuckDb;

/// <summary>Runs SQL with positional parameters on the writer's connection and maps results; writer thread only.</summary>
internal static class DuckDbSql
{
    /// <summary>The most rows one statement may return here: a group of requests never legitimately needs more.</summary>
    public const int MaxRows = 4_000_000;

    public static long Execute(DuckDbConnection connection, string sql, IReadOnlyList<object?> args)
    {
        if (args.Count == 0)
        {
            return connection.Execute(sql);
        }
        using var statement = Prepare(connection, sql, args);
        return statement.ExecuteNonQuery();
    }

    public static List<T> Query<T>(DuckDbConnection connection, string sql, IReadOnlyList<object?> args, Func<ISqlRow, T> map)
    {
        using var statement = Prepare(connection, sql, args);
        return Read(statement, map);
    }

    /// <summary>Executes a bound statement and maps every row.</summary>
    public static List<T> Read<T>(DuckDbPreparedStatement statement, Func<ISqlRow, T> map)
    {
        using var result = statement.Execute();
        var rows = result.ReadRows(DuckDbSql.MaxRows);
        var mapped = new List<T>(rows.Count);
        var row = new Row();
        foreach (var values in rows)
        {
            row.Values = values;
            mapped.Add(map(row));
        }
        return mapped;
    }

    public static DuckDbPreparedStatement Prepare(DuckDbConnection connection, string sql, IReadOnlyList<object?> args)
    {
        var statement = connection.Prepare(sql);
        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                Bind(statement, i + 1, args[i]);
            }
            return statement;
        }
        catch
        {
            statement.Dispose();
            throw;
        }
    }

    private static void Bind(DuckDbPreparedStatement statement, int index, object? value)
    {
        switch (value)
        {
            case null:
                statement.BindNull(index);
                break;
            case string s:
                statement.BindVarchar(index, s);
                break;
            case long l:
                statement.BindInt64(index, l);
                break;
            case int i:
                statement.BindInt32(index, i);
                break;
            case bool b:
                statement.BindBoolean(index, b);
                break;
            default:
                throw new ArgumentException($"parameter ${index} has type {value.GetType().Name}; only string, long, int, bool and null are bound", nameof(value));
        }
    }

    private sealed class Row : ISqlRow
    {
        public object?[] Values { get; set; } = [];

        public bool IsNull(int ordinal) => Values[ordinal] is null;

        public string GetString(int ordinal) => (string)Values[ordinal]!;

        public long GetInt64(int ordinal) => Values[ordinal] switch
        {
            long l => l,
            int i => i,
            short s => s,
            sbyte b => b,
            Int128 h => (long)h,
            var other => throw new InvalidCastException($"column {ordinal} holds {other?.GetType().Name ?? "NULL"}, not an integer"),
        };

        public bool GetBoolean(int ordinal) => (bool)Values[ordinal]!;
    }
}
