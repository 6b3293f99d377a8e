using System.Security.Cryptography;
using System.Text;
using Casparian.Native.DuckDb;

namespace Casparian.Native.Tests.DuckDb;

/// <summary>
/// Strings written into created chunks as in-place <c>duckdb_string_t</c> entries (inlined up to 12 bytes, else a
/// prefix and a pointer into the chunk's arena): DuckDB must read back exactly the bytes written, across the inline
/// boundary, after the chunk is reset and reused, and compare them like strings it stored itself.
/// </summary>
public sealed class DuckDbChunkStringTests : IDisposable
{
    private readonly DuckDbDatabase database = DuckDbDatabase.Open();
    private readonly DuckDbConnection connection;

    public DuckDbChunkStringTests()
    {
        connection = database.Connect();
        connection.Execute("CREATE TABLE t (id BIGINT, s VARCHAR, b BLOB)");
    }

    public void Dispose()
    {
        connection.Dispose();
        database.Dispose();
    }

    public static TheoryData<string> Boundaries() =>
    [
        "",
        "a",
        "abcd",
        "abcdefghijk",
        "abcdefghijkl",         // 12 bytes: the longest inlined value
        "abcdefghijklm",        // 13 bytes: the shortest behind a pointer
        "éèê",                  // non-ASCII, inlined
        "ünïcödé ✓ 日本語 🙂",    // non-ASCII, behind a pointer
        new string('x', 4096),  // 4 KiB
        new string('y', 100_000), // own arena block
    ];

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void A_string_reads_back_byte_for_byte_and_duckdb_agrees_on_its_length_and_hash(string text)
    {
        AppendRows(1, _ => text);

        var row = Assert.Single(connection.QueryRows($"SELECT s, strlen(s), length(s), md5(s), s = '{text}' FROM t"));
        Assert.Equal(
            [text, (long)Encoding.UTF8.GetByteCount(text), (long)text.EnumerateRunes().Count(), Md5Hex(text), true],
            row);
    }

    [Fact]
    public void Equal_values_group_and_join_like_duckdbs_own_strings()
    {
        // DuckDB compares inlined strings and prefixes as whole words: stale or unpadded bytes would split groups.
        string[] values = ["k", "key-12-bytes", "key-13-bytes!", "a much longer key behind a pointer"];
        AppendRows(4000, id => values[id % values.Length]);
        connection.Execute("CREATE TABLE keys AS SELECT unnest(['k', 'key-12-bytes', 'key-13-bytes!', 'a much longer key behind a pointer']) AS s");

        Assert.Equal(4L, connection.ExecuteScalar("SELECT count(DISTINCT s) FROM t"));
        Assert.Equal(4000L, connection.ExecuteScalar("SELECT count(*) FROM t JOIN keys USING (s)"));
        Assert.Equal(1000L, connection.ExecuteScalar("SELECT count(*) FROM t WHERE s = 'key-12-bytes'"));
        Assert.Equal(1000L, connection.ExecuteScalar("SELECT count(*) FROM t WHERE s LIKE 'a much%'"));
    }

    [Fact]
    public void Many_chunks_through_one_reused_chunk_read_back_value_by_value()
    {
        // One chunk reset and refilled 50 times: its arena is reused, so any value DuckDB kept by pointer instead of
        // copying would read back as a later chunk's bytes.
        const int rows = 50 * 2048 + 17;
        AppendRows(rows, ManyChunksValue);

        Assert.Equal(
            [(long)rows, (long)(rows - (rows / 5) - 1), (Int128)SumOfLengths(rows)],
            Assert.Single(connection.QueryRows("SELECT count(*), count(s), sum(strlen(s)) FROM t")));
        var seen = 0;
        using var result = connection.Query("SELECT id, s, md5(s) FROM t ORDER BY id");
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var ids = chunk.GetVector(0).GetValues<long>();
                var texts = chunk.GetVector(1);
                var hashes = chunk.GetVector(2);
                for (var row = 0; row < chunk.RowCount; row++, seen++)
                {
                    var expected = ManyChunksValue(seen);
                    var same = ids[row] == seen
                        && texts.IsNull(row) == expected is null
                        && (expected is null || (texts.GetString(row) == expected && hashes.GetString(row) == Md5Hex(expected)));
                    if (!same)
                    {
                        Assert.Fail($"row {seen}: read ({ids[row]}, {texts.GetValue(row) ?? "NULL"}), expected ({seen}, {expected ?? "NULL"})");
                    }
                }
            }
        }
        Assert.Equal(rows, seen);
    }

    [Fact]
    public void Invalid_utf8_becomes_null_without_disturbing_its_neighbours()
    {
        byte[][] values =
        [
            "before-the-bad-one"u8.ToArray(),
            [0xC3, 0x28],                                      // short, invalid
            [.. "long prefix then a lone continuation "u8, 0x80], // long, invalid
            [.. "overlong "u8, 0xC0, 0xAF],
            "after ✓"u8.ToArray(),
        ];
        using (var appender = connection.CreateAppender("t"))
        using (var chunk = appender.CreateChunk())
        {
            var ids = chunk.GetVector(0).GetWritableValues<long>();
            for (var row = 0; row < values.Length; row++)
            {
                ids[row] = row;
                chunk.GetVector(1).SetBytes(row, values[row]);
                chunk.GetVector(2).SetNull(row);
            }
            chunk.RowCount = values.Length;
            appender.AppendChunk(chunk);
            appender.Close();
        }

        Assert.Equal(
            [["before-the-bad-one"], [null], [null], [null], ["after ✓"]],
            connection.QueryRows("SELECT s FROM t ORDER BY id"));
    }

    [Fact]
    public void Blobs_keep_any_bytes_on_both_sides_of_the_inline_boundary()
    {
        byte[][] values = [[], [0xFF, 0x00, 0xC3], [.. Enumerable.Range(0, 12).Select(i => (byte)(0xF0 + i))], [.. Enumerable.Range(0, 300).Select(i => (byte)(255 - i))]];
        using (var appender = connection.CreateAppender("t"))
        using (var chunk = appender.CreateChunk())
        {
            var ids = chunk.GetVector(0).GetWritableValues<long>();
            for (var row = 0; row < values.Length; row++)
            {
                ids[row] = row;
                chunk.GetVector(1).SetNull(row);
                chunk.GetVector(2).SetBytes(row, values[row]);
            }
            chunk.RowCount = values.Length;
            appender.AppendChunk(chunk);
            appender.Close();
        }

        var rows = connection.QueryRows("SELECT b, octet_length(b), md5(b) FROM t ORDER BY id");
        Assert.Equal(values.Length, rows.Count);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal([values[i], (long)values[i].Length, Convert.ToHexStringLower(MD5.HashData(values[i]))], rows[i]);
        }
    }

    [Fact]
    public void A_constant_string_vector_gives_every_row_the_value_and_the_chunk_is_writable_again_after_reset()
    {
        const string hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        using (var appender = connection.CreateAppender("t"))
        using (var chunk = appender.CreateChunk())
        {
            for (var round = 0; round < 2; round++)
            {
                chunk.Reset();
                var ids = chunk.GetVector(0).GetWritableValues<long>();
                for (var row = 0; row < 3; row++)
                {
                    ids[row] = (round * 3) + row;
                    chunk.GetVector(2).SetNull(row);
                }
                if (round == 0)
                {
                    Assert.True(chunk.GetVector(1).TrySetConstantString(Encoding.UTF8.GetBytes(hash)));
                }
                else
                {
                    // After the reset the vector is an ordinary one again: per-row values and NULLs land where written.
                    Assert.False(chunk.GetVector(1).TrySetConstantString([0xC3, 0x28]));
                    chunk.GetVector(1).SetString(0, "short");
                    chunk.GetVector(1).SetNull(1);
                    chunk.GetVector(1).SetString(2, "a value longer than twelve bytes");
                }
                chunk.RowCount = 3;
                appender.AppendChunk(chunk);
            }
            appender.Close();
        }

        Assert.Equal(
            [[hash], [hash], [hash], ["short"], [null], ["a value longer than twelve bytes"]],
            connection.QueryRows("SELECT s FROM t ORDER BY id"));
    }

    /// <summary>Appends rows 0..count-1 (id, value(id) or NULL, NULL blob) through one chunk reset per 2048 rows.</summary>
    private void AppendRows(int count, Func<int, string?> value)
    {
        using var appender = connection.CreateAppender("t");
        using var chunk = appender.CreateChunk();
        for (var start = 0; start < count; start += DuckDbDataChunk.Capacity)
        {
            var size = Math.Min(DuckDbDataChunk.Capacity, count - start);
            chunk.Reset();
            var ids = chunk.GetVector(0).GetWritableValues<long>();
            var texts = chunk.GetVector(1);
            var blobs = chunk.GetVector(2);
            for (var row = 0; row < size; row++)
            {
                ids[row] = start + row;
                if (value(start + row) is { } text)
                {
                    texts.SetString(row, text);
                }
                else
                {
                    texts.SetNull(row);
                }
                blobs.SetNull(row);
            }
            chunk.RowCount = size;
            appender.AppendChunk(chunk);
        }
        appender.Close();
    }

    /// <summary>Every fifth row NULL; lengths cycle through 0..40 so each chunk mixes inlined and pointed-to values.</summary>
    private static string? ManyChunksValue(int id) =>
        id % 5 == 0 ? null : $"{id}:{new string((char)('a' + (id % 26)), id % 41)}";

    private static long SumOfLengths(int rows)
    {
        long total = 0;
        for (var id = 0; id < rows; id++)
        {
            total += ManyChunksValue(id) is { } text ? Encoding.UTF8.GetByteCount(text) : 0;
        }
        return total;
    }

    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
