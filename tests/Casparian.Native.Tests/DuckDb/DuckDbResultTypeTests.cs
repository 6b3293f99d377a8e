using Casparian.Native.DuckDb;

namespace Casparian.Native.Tests.DuckDb;

/// <summary>Every common type, produced by SQL literals (DuckDB is the oracle), read back through the row reader.</summary>
public sealed class DuckDbResultTypeTests : IDisposable
{
    private readonly DuckDbDatabase database = DuckDbDatabase.Open();
    private readonly DuckDbConnection connection;

    public DuckDbResultTypeTests() => connection = database.Connect();

    public void Dispose()
    {
        connection.Dispose();
        database.Dispose();
    }

    public static TheoryData<string, object?> Literals => new()
    {
        { "true", true },
        { "-5::TINYINT", (sbyte)-5 },
        { "-300::SMALLINT", (short)-300 },
        { "-70000::INTEGER", -70000 },
        { "-5000000000::BIGINT", -5_000_000_000L },
        { "200::UTINYINT", (byte)200 },
        { "60000::USMALLINT", (ushort)60000 },
        { "4000000000::UINTEGER", 4_000_000_000U },
        { "18446744073709551615::UBIGINT", ulong.MaxValue },
        { "-170141183460469231731687303715884105727::HUGEINT", Int128.MinValue + 1 },
        { "340282366920938463463374607431768211455::UHUGEINT", UInt128.MaxValue },
        { "1.5::FLOAT", 1.5f },
        { "-2.25::DOUBLE", -2.25d },
        { "'short ✓'", "short ✓" },
        { "'a string longer than twelve bytes, with ünïcödé'", "a string longer than twelve bytes, with ünïcödé" },
        { "''", string.Empty },
        { "DATE '2024-02-29'", new DateOnly(2024, 2, 29) },
        { "DATE '1969-12-31'", new DateOnly(1969, 12, 31) },
        { "TIME '13:45:30.123456'", new TimeOnly(13, 45, 30, 123, 456) },
        { "TIMESTAMP '2024-02-29 13:45:30.123456'", new DateTime(2024, 2, 29, 13, 45, 30, 123, 456) },
        { "TIMESTAMP '1900-01-01 00:00:00'", new DateTime(1900, 1, 1) },
        { "TIMESTAMP_S '2024-02-29 13:45:30'", new DateTime(2024, 2, 29, 13, 45, 30) },
        { "TIMESTAMP_MS '2024-02-29 13:45:30.123'", new DateTime(2024, 2, 29, 13, 45, 30, 123) },
        { "TIMESTAMP_NS '2024-02-29 13:45:30.1234567'", new DateTime(2024, 2, 29, 13, 45, 30, 123, 456).AddTicks(7) },
        { "TIMESTAMP_NS '1969-12-31 23:59:59.99999995'", new DateTime(1970, 1, 1).AddTicks(-1) }, // 50 ns before the epoch rounds down
        { "INTERVAL '1 year 2 months 3 days 04:05:06.000007'", new DuckDbInterval(14, 3, ((((4 * 60) + 5) * 60) + 6) * 1_000_000L + 7) },
        { "12.3::DECIMAL(4,1)", 12.3m },
        { "-123.45::DECIMAL(5,2)", -123.45m },
        { "1234567890.123456::DECIMAL(18,6)", 1234567890.123456m },
        { "-12345678901234567890.123456789::DECIMAL(38,9)", -12345678901234567890.123456789m },
        { "UUID '6ba7b810-9dad-11d1-80b4-00c04fd430c8'", Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8") },
        { "UUID '00000000-0000-0000-0000-000000000001'", Guid.Parse("00000000-0000-0000-0000-000000000001") },
        { "NULL::INTEGER", null },
        { "NULL::VARCHAR", null },
        { "NULL::DECIMAL(38,2)", null },
        { "NULL", null },
    };

    [Theory]
    [MemberData(nameof(Literals))]
    public void A_sql_literal_reads_as_the_matching_dotnet_value(string literal, object? expected)
    {
        var value = connection.ExecuteScalar($"SELECT {literal}");

        Assert.Equal(expected, value);
        if (expected is not null)
        {
            Assert.IsType(expected.GetType(), value);
        }
    }

    [Fact]
    public void Blob_reads_as_its_bytes_including_zeros()
    {
        Assert.Equal(new byte[] { 0x00, 0xAA, 0xFF, 0x41 }, connection.ExecuteScalar(@"SELECT '\x00\xAA\xFFA'::BLOB"));
    }

    [Fact]
    public void Timestamp_with_time_zone_reads_as_the_utc_instant()
    {
        connection.Execute("SET TimeZone = 'UTC'");

        var value = connection.ExecuteScalar("SELECT TIMESTAMPTZ '2024-02-29 13:45:30.5+02:00'");

        Assert.Equal(new DateTimeOffset(2024, 2, 29, 11, 45, 30, 500, TimeSpan.Zero), value);
    }

    [Fact]
    public void Columns_have_their_names_and_logical_types_including_decimal_width_scale_and_storage()
    {
        using var result = connection.Query(
            "SELECT 1::SMALLINT AS a, 'x' AS \"Mixed Name\", 1.5::DECIMAL(4,1) AS d4, 1.5::DECIMAL(9,2) AS d9, " +
            "1.5::DECIMAL(18,3) AS d18, 1.5::DECIMAL(38,4) AS d38, TIMESTAMP '2000-01-01' AS ts, '\\x01'::BLOB AS bl");

        Assert.Equal(["a", "Mixed Name", "d4", "d9", "d18", "d38", "ts", "bl"], result.Columns.Select(c => c.Name));
        Assert.Equal(DuckDbType.SmallInt, result.Columns[0].Type.Id);
        Assert.Equal(DuckDbType.Varchar, result.Columns[1].Type.Id);
        Assert.Equal(new DuckDbColumnType(DuckDbType.Decimal, 4, 1, DuckDbType.SmallInt), result.Columns[2].Type);
        Assert.Equal(new DuckDbColumnType(DuckDbType.Decimal, 9, 2, DuckDbType.Integer), result.Columns[3].Type);
        Assert.Equal(new DuckDbColumnType(DuckDbType.Decimal, 18, 3, DuckDbType.BigInt), result.Columns[4].Type);
        Assert.Equal(new DuckDbColumnType(DuckDbType.Decimal, 38, 4, DuckDbType.HugeInt), result.Columns[5].Type);
        Assert.Equal(DuckDbType.Timestamp, result.Columns[6].Type.Id);
        Assert.Equal(DuckDbType.Blob, result.Columns[7].Type.Id);
        Assert.Equal([(short)1, "x", 1.5m, 1.5m, 1.5m, 1.5m, new DateTime(2000, 1, 1), new byte[] { 1 }], Assert.Single(result.ReadRows()));
    }

    [Fact]
    public void Nulls_are_reported_per_row_by_the_chunk_api()
    {
        using var result = connection.Query("SELECT CASE WHEN i % 3 = 0 THEN NULL ELSE i END AS v FROM range(10) t(i) ORDER BY i");
        using var chunk = result.FetchChunk();

        Assert.NotNull(chunk);
        var vector = chunk.GetVector(0);
        Assert.Equal(10, vector.Count);
        var mask = Assert.Single(vector.ValidityMask.ToArray());
        Assert.Equal(0b01_1011_0110UL, mask & 0x3FF); // rows 0, 3, 6 and 9 are NULL
        for (var row = 0; row < 10; row++)
        {
            Assert.Equal(row % 3 == 0, vector.IsNull(row));
            if (row % 3 != 0)
            {
                Assert.Equal(row, vector.GetInt64(row));
            }
        }
        Assert.Null(result.FetchChunk());
    }

    [Fact]
    public void Values_beyond_dotnet_ranges_fail_with_overflow_naming_the_raw_accessor()
    {
        var timestamp = Assert.Throws<OverflowException>(() => connection.ExecuteScalar("SELECT 'infinity'::TIMESTAMP"));
        Assert.Contains("GetInt64", timestamp.Message, StringComparison.Ordinal);
        var decimalValue = Assert.Throws<OverflowException>(() => connection.ExecuteScalar("SELECT 99999999999999999999999999999999999999::DECIMAL(38,0)"));
        Assert.Contains("GetDecimalUnscaled", decimalValue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_type_fails_naming_it_and_suggesting_a_cast()
    {
        var error = Assert.Throws<NotSupportedException>(() => connection.ExecuteScalar("SELECT [1, 2, 3]"));

        Assert.Contains("LIST", error.Message, StringComparison.Ordinal);
        Assert.Contains("VARCHAR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_with_the_wrong_accessor_fails_with_the_columns_type()
    {
        using var result = connection.Query("SELECT 'text' AS s");
        using var chunk = result.FetchChunk();

        var error = Assert.Throws<InvalidCastException>(() => chunk!.GetVector(0).GetInt64(0));
        Assert.Contains("VARCHAR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_row_reader_refuses_results_larger_than_its_cap()
    {
        using var result = connection.Query("SELECT * FROM range(5000)");

        Assert.Throws<InvalidOperationException>(() => result.ReadRows(maxRows: 4000));
    }

    [Fact]
    public void A_failed_query_raises_duckdb_exception_with_duckdbs_message_and_the_statement()
    {
        var error = Assert.Throws<DuckDbException>(() => connection.Query("SELECT * FROM no_such_table"));

        Assert.Contains("Table with name no_such_table does not exist", error.DuckDbMessage, StringComparison.Ordinal);
        Assert.Contains(error.DuckDbMessage!, error.Message, StringComparison.Ordinal);
        Assert.Contains("SELECT * FROM no_such_table", error.Message, StringComparison.Ordinal);
        Assert.Equal(DuckDbErrorType.Catalog, error.ErrorType);
    }

    [Fact]
    public void A_syntax_error_is_reported_as_a_parser_error()
    {
        var error = Assert.Throws<DuckDbException>(() => connection.Execute("SELEC 1"));

        Assert.Contains("syntax error", error.DuckDbMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DuckDbErrorType.Parser, error.ErrorType);
    }

    [Fact]
    public void Execute_returns_the_rows_changed()
    {
        connection.Execute("CREATE TABLE t (v INTEGER)");

        Assert.Equal(3, connection.Execute("INSERT INTO t SELECT * FROM range(3)"));
        Assert.Equal(2, connection.Execute("DELETE FROM t WHERE v > 0"));
    }
}
