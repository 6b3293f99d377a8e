using Casparian.Native.DuckDb;

namespace Casparian.Native.Tests.DuckDb;

public sealed class DuckDbPreparedStatementTests : IDisposable
{
    private static readonly DateTime SomeTimestamp = new(2024, 2, 29, 13, 45, 30, 123, 456);
    private static readonly byte[] SomeBlob = [0x00, 0x01, 0xAA, 0xFF];
    private const string LongText = "a varchar longer than twelve bytes — ünïcödé ✓";

    private readonly DuckDbDatabase database = DuckDbDatabase.Open();
    private readonly DuckDbConnection connection;

    public DuckDbPreparedStatementTests()
    {
        connection = database.Connect();
        connection.Execute(
            "CREATE TABLE t (b BOOLEAN, i32 INTEGER, i64 BIGINT, u64 UBIGINT, f64 DOUBLE, s VARCHAR, bl BLOB, " +
            "ts TIMESTAMP, d DECIMAL(9,4), big DECIMAL(38,0), n INTEGER)");
    }

    public void Dispose()
    {
        connection.Dispose();
        database.Dispose();
    }

    [Fact]
    public void Every_supported_bind_round_trips_and_equals_the_sql_literal()
    {
        using (var insert = connection.Prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        {
            Assert.Equal(11, insert.ParameterCount);
            insert.BindBoolean(1, true).BindInt32(2, int.MinValue).BindInt64(3, long.MaxValue).BindUInt64(4, ulong.MaxValue)
                .BindDouble(5, -0.125).BindVarchar(6, LongText).BindBlob(7, SomeBlob).BindTimestamp(8, SomeTimestamp)
                .BindDecimal(9, -12345.6789m).BindDecimal(10, decimal.MaxValue).BindNull(11);
            Assert.Equal(1, insert.ExecuteNonQuery());
        }

        // DuckDB compares each stored value with a literal: the oracle is DuckDB's own parsing, not our reader.
        var checks = connection.QueryRows(
            "SELECT b = true, i32 = -2147483648, i64 = 9223372036854775807, u64 = 18446744073709551615, f64 = -0.125, " +
            $"s = '{LongText}', bl = '\\x00\\x01\\xAA\\xFF'::BLOB, ts = TIMESTAMP '2024-02-29 13:45:30.123456', " +
            "d = -12345.6789, big = 79228162514264337593543950335, n IS NULL FROM t");
        Assert.All(Assert.Single(checks), check => Assert.Equal(true, check));

        var row = Assert.Single(connection.QueryRows("SELECT * FROM t"));
        Assert.Equal(
            [true, int.MinValue, long.MaxValue, ulong.MaxValue, -0.125, LongText, SomeBlob, SomeTimestamp, -12345.6789m, decimal.MaxValue, null],
            row);
    }

    [Fact]
    public void Untyped_parameters_take_the_type_of_the_bound_value()
    {
        using var select = connection.Prepare("SELECT typeof($1), $1");

        Assert.Equal(["DECIMAL(3,2)", 1.25m], Assert.Single(ReadAll(select.BindDecimal(1, 1.25m))));
        Assert.Equal(["TIMESTAMP", SomeTimestamp], Assert.Single(ReadAll(select.BindTimestamp(1, SomeTimestamp))));
        Assert.Equal(["BLOB", SomeBlob], Assert.Single(ReadAll(select.BindBlob(1, SomeBlob))));
        Assert.Equal(["VARCHAR", "x"], Assert.Single(ReadAll(select.BindVarchar(1, "x"))));
    }

    [Fact]
    public void Timestamps_keep_microseconds_and_round_sub_microsecond_ticks_down_also_before_1970()
    {
        using var select = connection.Prepare("SELECT $1 = TIMESTAMP '1969-12-31 23:59:59.999999', $2 = TIMESTAMP '2024-02-29 13:45:30.123456'");
        select.BindTimestamp(1, new DateTime(1970, 1, 1).AddTicks(-5)).BindTimestamp(2, SomeTimestamp.AddTicks(9));

        Assert.Equal([true, true], Assert.Single(ReadAll(select)));
    }

    [Fact]
    public void A_statement_runs_again_with_new_bindings()
    {
        using var insert = connection.Prepare("INSERT INTO t (i64, s) VALUES ($1, $2)");
        for (var i = 0; i < 5; i++)
        {
            insert.BindInt64(1, i).BindVarchar(2, i % 2 == 0 ? null : $"v{i}").ExecuteNonQuery();
        }

        Assert.Equal(
            [[0L, null], [1L, "v1"], [2L, null], [3L, "v3"], [4L, null]],
            connection.QueryRows("SELECT i64, s FROM t ORDER BY i64"));
    }

    [Fact]
    public void A_parameter_index_outside_the_statement_is_refused()
    {
        using var select = connection.Prepare("SELECT ?");

        Assert.Throws<ArgumentOutOfRangeException>(() => select.BindInt32(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => select.BindInt32(2, 1));
    }

    [Fact]
    public void A_statement_that_does_not_prepare_raises_duckdbs_message()
    {
        var error = Assert.Throws<DuckDbException>(() => connection.Prepare("SELECT no_such_column FROM t"));

        Assert.Contains("no_such_column", error.DuckDbMessage, StringComparison.Ordinal);
        Assert.StartsWith("DuckDB failed while preparing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_execution_error_raises_duckdbs_message()
    {
        using var insert = connection.Prepare("INSERT INTO t (i32) VALUES (?::INTEGER)");
        insert.BindInt64(1, long.MaxValue);

        var error = Assert.Throws<DuckDbException>(() => insert.ExecuteNonQuery());
        Assert.Contains("out of range", error.DuckDbMessage, StringComparison.OrdinalIgnoreCase);
    }

    private static List<object?[]> ReadAll(DuckDbPreparedStatement statement)
    {
        using var result = statement.Execute();
        return result.ReadRows();
    }
}
