using Casparian.Native.DuckDb;

namespace Casparian.Native.Tests.DuckDb;

public sealed class DuckDbParquetTests
{
    [Fact]
    public void Copy_to_parquet_works_offline_and_reads_back_with_read_parquet()
    {
        using var directory = new TempDirectory();
        var file = directory.File("out.parquet");
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        connection.Execute(
            "CREATE TABLE t AS SELECT i AS id, CASE WHEN i % 5 = 0 THEN NULL ELSE 'value ' || i || ' longer than twelve' END AS s, " +
            "TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS ts, (i / 100)::DECIMAL(10,2) AS d FROM range(10000) r(i)");

        connection.Execute($"COPY (SELECT * FROM t) TO '{file}' (FORMAT parquet)");

        Assert.True(new FileInfo(file).Length > 0);
        Assert.Equal("PAR1"u8.ToArray(), File.ReadAllBytes(file)[..4]);
        Assert.Equal(10000L, connection.ExecuteScalar($"SELECT count(*) FROM read_parquet('{file}')"));
        Assert.Equal(0L, connection.ExecuteScalar($"SELECT count(*) FROM ((SELECT * FROM t EXCEPT ALL SELECT * FROM read_parquet('{file}')) UNION ALL (SELECT * FROM read_parquet('{file}') EXCEPT ALL SELECT * FROM t))"));
        Assert.Equal(
            [[0L, null, new DateTime(2024, 1, 1), 0m], [9999L, "value 9999 longer than twelve", new DateTime(2024, 1, 1, 2, 46, 39), 99.99m]],
            connection.QueryRows($"SELECT * FROM read_parquet('{file}') WHERE id IN (0, 9999) ORDER BY id"));
    }
}
