using Casparian.Broker.Store.Sql;
using Casparian.Native.DuckDb;

namespace Casparian.Broker.Store.DuckDb;

/// <summary>Runs SQL with positional parameters on the writer's connection and maps results; writer thread only.</summary>
internal static class DuckDbSql
{
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
        using var result = statement.Execute();
        var rows = result.ReadRows();
        var mapped = new List<T>(rows.Count);
        var row = new Row();
        foreach (var values in rows)
        {
            row.Values = values;
            mapped.Add(map(row));
        }
        return mapped;
    }

    /// <summary>
    /// A <c>(VALUES (…), …) AS alias(columns)</c> relation of <paramref name="rows"/> × <paramref name="types"/> parameters
    /// starting at <c>$<paramref name="firstParameter"/></c>; the casts give every parameter its type.
    /// </summary>
    public static string Values(int rows, IReadOnlyList<string> types, string alias, int firstParameter = 1)
    {
        var text = new System.Text.StringBuilder("(VALUES ");
        var n = firstParameter;
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < types.Count; c++)
            {
                text.Append(c == 0 ? "" : ", ").Append("CAST($").Append(n++).Append(" AS ").Append(types[c]).Append(')');
            }
            text.Append(')');
        }
        return text.Append(") AS ").Append(alias).ToString();
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
