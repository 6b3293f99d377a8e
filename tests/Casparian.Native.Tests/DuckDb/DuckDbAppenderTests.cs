using System.Diagnostics;
using System.Text;
using Casparian.Native.DuckDb;

namespace Casparian.Native.Tests.DuckDb;

public sealed class DuckDbAppenderTests : IDisposable
{
    private const int BulkRows = 1_000_000;
    private static readonly DateTime BaseTimestamp = new(2020, 1, 1, 0, 0, 0);

    private readonly DuckDbDatabase database = DuckDbDatabase.Open();
    private readonly DuckDbConnection connection;

    public DuckDbAppenderTests()
    {
        connection = database.Connect();
        connection.Execute("CREATE TABLE t (id BIGINT, s VARCHAR, ts TIMESTAMP)");
    }

    public void Dispose()
    {
        connection.Dispose();
        database.Dispose();
    }

    [Fact]
    public void A_million_rows_appended_as_data_chunks_read_back_identical()
    {
        var clock = Stopwatch.StartNew();
        using (var appender = connection.CreateAppender("t"))
        using (var chunk = appender.CreateChunk())
        {
            for (var start = 0; start < BulkRows; start += DuckDbDataChunk.Capacity)
            {
                var count = Math.Min(DuckDbDataChunk.Capacity, BulkRows - start);
                chunk.Reset();
                var ids = chunk.GetVector(0);
                var strings = chunk.GetVector(1);
                var timestamps = chunk.GetVector(2);
                var idValues = ids.GetWritableValues<long>();
                var timestampValues = timestamps.GetWritableValues<long>();
                for (var row = 0; row < count; row++)
                {
                    var id = start + row;
                    idValues[row] = id;
                    if (ExpectedString(id) is { } text)
                    {
                        strings.SetString(row, text);
                    }
                    else
                    {
                        strings.SetNull(row);
                    }
                    if (ExpectedMicros(id) is { } micros)
                    {
                        timestampValues[row] = micros;
                    }
                    else
                    {
                        timestamps.SetNull(row);
                    }
                }
                chunk.RowCount = count;
                appender.AppendChunk(chunk);
            }
            appender.Close();
        }

        var appended = clock.Elapsed;

        // DuckDB's own aggregates first: an oracle independent of our reader.
        long nonNullStrings = 0, longStrings = 0, nonNullTimestamps = 0;
        Int128 stringBytes = 0;
        for (var id = 0; id < BulkRows; id++)
        {
            if (ExpectedString(id) is { } text)
            {
                var length = Encoding.UTF8.GetByteCount(text);
                nonNullStrings++;
                stringBytes += length;
                longStrings += length > 12 ? 1 : 0;
            }
            nonNullTimestamps += ExpectedMicros(id) is null ? 0 : 1;
        }
        Assert.Equal(
            [(long)BulkRows, nonNullStrings, nonNullTimestamps, stringBytes, (long)BulkRows - 1, longStrings],
            Assert.Single(connection.QueryRows(
                "SELECT count(*), count(s), count(ts), sum(strlen(s)), max(id), count(*) FILTER (WHERE strlen(s) > 12) FROM t")));

        // Then every value through the chunk reader. Rows are compared by hand and reported once: a million
        // Assert calls would dominate the test's run time.
        var seen = 0;
        Span<byte> expectedBytes = stackalloc byte[256];
        using (var result = connection.Query("SELECT id, s, ts FROM t ORDER BY id"))
        {
            while (result.FetchChunk() is { } chunk)
            {
                using (chunk)
                {
                    var ids = chunk.GetVector(0).GetValues<long>();
                    var texts = chunk.GetVector(1);
                    var times = chunk.GetVector(2);
                    for (var row = 0; row < chunk.RowCount; row++, seen++)
                    {
                        var text = ExpectedString(seen);
                        var micros = ExpectedMicros(seen);
                        var same = ids[row] == seen
                            && texts.IsNull(row) == text is null
                            && (text is null || texts.GetBytes(row).SequenceEqual(expectedBytes[..Encoding.UTF8.GetBytes(text, expectedBytes)]))
                            && times.IsNull(row) == micros is null
                            && (micros is null || times.GetInt64(row) == micros.Value);
                        if (!same)
                        {
                            Assert.Fail($"row {seen}: read ({ids[row]}, {texts.GetValue(row) ?? "NULL"}, {times.GetValue(row) ?? "NULL"}), " +
                                $"expected ({seen}, {text ?? "NULL"}, {micros?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "NULL"} µs)");
                        }
                    }
                }
            }
        }
        Assert.Equal(BulkRows, seen);
        // A loose bound (the machine is shared): it catches a binding that falls off the fast path, not noise.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"1M rows: append {appended}, total {clock.Elapsed}");
    }

    [Fact]
    public void Rows_appended_one_by_one_read_back_identical_and_match_sql_literals()
    {
        var timestamp = new DateTime(2024, 2, 29, 13, 45, 30, 123, 456);
        using (var appender = connection.CreateAppender("t"))
        {
            Assert.Equal([DuckDbType.BigInt, DuckDbType.Varchar, DuckDbType.Timestamp], appender.ColumnTypes.Select(t => t.Id));
            appender.AppendInt64(1).AppendVarchar("short").AppendTimestamp(timestamp).EndRow();
            appender.AppendInt64(2).AppendVarchar("a string well over twelve bytes ✓").AppendNull().EndRow();
            appender.AppendInt64(3).AppendNull().AppendTimestamp(BaseTimestamp).EndRow();
            appender.AppendInt64(4).AppendVarchar(string.Empty).AppendTimestamp(timestamp).EndRow();
            appender.Close();
        }

        Assert.Equal(
            [[1L, "short", timestamp], [2L, "a string well over twelve bytes ✓", null], [3L, null, BaseTimestamp], [4L, string.Empty, timestamp]],
            connection.QueryRows("SELECT * FROM t ORDER BY id"));
        Assert.Equal(2L, connection.ExecuteScalar("SELECT count(*) FROM t WHERE ts = TIMESTAMP '2024-02-29 13:45:30.123456'"));
    }

    [Fact]
    public void Other_column_types_append_row_by_row()
    {
        connection.Execute("CREATE TABLE other (b BOOLEAN, i INTEGER, u UBIGINT, d DOUBLE, bl BLOB)");
        using (var appender = connection.CreateAppender("other", "main"))
        {
            appender.AppendBoolean(true).AppendInt32(-7).AppendUInt64(ulong.MaxValue).AppendDouble(0.5).AppendBlob([0, 1, 2]).EndRow();
            appender.Close();
        }

        Assert.Equal([true, -7, ulong.MaxValue, 0.5, new byte[] { 0, 1, 2 }], Assert.Single(connection.QueryRows("SELECT * FROM other")));
    }

    [Fact]
    public void A_chunk_of_mixed_types_written_through_raw_vectors_matches_sql_literals()
    {
        connection.Execute("CREATE TABLE mixed (b BOOLEAN, i INTEGER, d DOUBLE, dec DECIMAL(18,3), bl BLOB, ts TIMESTAMP, dt DATE)");
        using (var appender = connection.CreateAppender("mixed"))
        using (var chunk = appender.CreateChunk())
        {
            Assert.Equal(DuckDbColumnType.Decimal(18, 3), chunk.ColumnTypes[3]);
            new[] { true, false }.CopyTo(chunk.GetVector(0).GetWritableValues<bool>());
            chunk.GetVector(1).GetWritableValues<int>()[0] = int.MinValue;
            chunk.GetVector(1).SetNull(1);
            new[] { 0.25, double.NegativeInfinity }.CopyTo(chunk.GetVector(2).GetWritableValues<double>());
            new[] { -1234567L, 999_999_999_999_999_999L }.CopyTo(chunk.GetVector(3).GetWritableValues<long>()); // unscaled, scale 3
            chunk.GetVector(4).SetBytes(0, [0x00, 0xFF]);
            chunk.GetVector(4).SetBytes(1, Enumerable.Range(0, 40).Select(i => (byte)i).ToArray());
            chunk.GetVector(5).SetTimestamp(0, new DateTime(2024, 2, 29, 13, 45, 30, 123, 456));
            chunk.GetVector(5).SetNull(1);
            new[] { -1, 19782 }.CopyTo(chunk.GetVector(6).GetWritableValues<int>());
            chunk.RowCount = 2;
            appender.AppendChunk(chunk);
            appender.Close();
        }

        var longBlob = Convert.ToHexString(Enumerable.Range(0, 40).Select(i => (byte)i).ToArray());
        Assert.Equal(
            [[true], [true]],
            connection.QueryRows(
                "SELECT i = -2147483648 AND d = 0.25 AND dec = -1234.567 AND bl = '\\x00\\xFF'::BLOB " +
                "AND ts = TIMESTAMP '2024-02-29 13:45:30.123456' AND dt = DATE '1969-12-31' FROM mixed WHERE b " +
                "UNION ALL SELECT i IS NULL AND d = '-infinity'::DOUBLE AND dec = 999999999999999.999 " +
                $"AND bl = unhex('{longBlob}') AND ts IS NULL AND dt = DATE '2024-02-29' FROM mixed WHERE NOT b"));
    }

    [Fact]
    public void A_constraint_violation_surfaces_duckdbs_message_when_flushed()
    {
        connection.Execute("CREATE TABLE keyed (id INTEGER PRIMARY KEY)");
        using var appender = connection.CreateAppender("keyed");
        appender.AppendInt32(1).EndRow();
        appender.AppendInt32(1).EndRow();

        var error = Assert.Throws<DuckDbException>(appender.Flush);
        Assert.Contains("Duplicate key", error.DuckDbMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("keyed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_too_few_values_is_refused()
    {
        using var appender = connection.CreateAppender("t");
        appender.AppendInt64(1);

        var error = Assert.Throws<DuckDbException>(appender.EndRow);
        Assert.False(string.IsNullOrEmpty(error.DuckDbMessage));
    }

    [Fact]
    public void An_appender_for_a_missing_table_raises_duckdbs_message()
    {
        var error = Assert.Throws<DuckDbException>(() => connection.CreateAppender("no_such_table"));

        Assert.Contains("no_such_table", error.DuckDbMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_without_close_discards_unflushed_rows()
    {
        using (var appender = connection.CreateAppender("t"))
        {
            appender.AppendInt64(1).AppendNull().AppendNull().EndRow();
        }

        Assert.Equal(0L, connection.ExecuteScalar("SELECT count(*) FROM t"));
    }

    [Fact]
    public void Invalid_utf8_in_a_varchar_vector_becomes_null()
    {
        using (var appender = connection.CreateAppender("t"))
        using (var chunk = appender.CreateChunk())
        {
            chunk.GetVector(0).GetWritableValues<long>()[0] = 1;
            chunk.GetVector(1).SetBytes(0, [0xC3, 0x28]);
            chunk.GetVector(2).SetNull(0);
            chunk.RowCount = 1;
            appender.AppendChunk(chunk);
            appender.Close();
        }

        Assert.Equal([1L, null, null], Assert.Single(connection.QueryRows("SELECT * FROM t")));
    }

    [Fact]
    public void Chunk_vectors_check_value_sizes_and_rows()
    {
        using var chunk = DuckDbDataChunk.Create([DuckDbColumnType.Of(DuckDbType.Integer), DuckDbColumnType.Decimal(18, 3)]);

        Assert.Throws<InvalidCastException>(() => chunk.GetVector(0).GetWritableValues<long>());
        Assert.Equal(DuckDbDataChunk.Capacity, chunk.GetVector(1).GetWritableValues<long>().Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => chunk.GetVector(0).SetNull(DuckDbDataChunk.Capacity));
        Assert.Throws<ArgumentOutOfRangeException>(() => chunk.RowCount = DuckDbDataChunk.Capacity + 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => chunk.GetVector(2));
    }

    private static string? ExpectedString(int id) => (id % 7) switch
    {
        0 => null,
        1 or 2 => $"s{id % 100_000}",                                  // inlined (<= 12 bytes)
        3 => $"exactly12b{id % 100:D2}",                               // the 12-byte boundary
        _ => $"row {id}: a string longer than twelve bytes ✓ {id % 13}", // behind a pointer
    };

    private static long? ExpectedMicros(int id) =>
        id % 11 == 0 ? null : (long)((BaseTimestamp - DateTime.UnixEpoch).Ticks / 10) + (id * 1_000_003L);
}
