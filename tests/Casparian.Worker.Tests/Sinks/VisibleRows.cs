using System.Globalization;
using Casparian.Native.DuckDb;
using Casparian.SinkCrashPeer;
using Casparian.Worker.Sinks;
using Npgsql;

namespace Casparian.Worker.Tests.Sinks;

/// <summary>
/// What a reader sees in a sink's target after the sink is done, read independently of the sinks: DuckDB opens the
/// database file, <c>read_parquet</c> and <c>read_csv</c> read the committed files, Npgsql queries PostgreSQL. Rows come
/// back ordered by id, normalized with <see cref="SampleBatch.NormalizeRow"/>.
/// </summary>
internal static class VisibleRows
{
    public static List<string> DuckDbFile(string path, string table)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        using var database = DuckDbDatabase.Open(path);
        using var connection = database.Connect();
        var exists = Convert.ToInt64(connection.ExecuteScalar($"SELECT count(*) FROM duckdb_tables() WHERE table_name = '{table}'"), CultureInfo.InvariantCulture);
        return exists == 0 ? [] : Normalize(connection.QueryRows($"SELECT * FROM \"{table}\" ORDER BY id", 1_000_000));
    }

    public static List<string> Parquet(string root, string table)
    {
        var folder = Path.Combine(root, table);
        if (!Directory.Exists(folder) || Directory.GetFiles(folder, "*.parquet").Length == 0)
        {
            return [];
        }
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        return Normalize(connection.QueryRows($"SELECT * FROM read_parquet('{folder}/*.parquet') ORDER BY id", 1_000_000));
    }

    public static List<string> Csv(string root, string table)
    {
        var folder = Path.Combine(root, table);
        if (!Directory.Exists(folder) || Directory.GetFiles(folder, "*.csv").Length == 0)
        {
            return [];
        }
        // Declared column types (DuckDB would otherwise sniff them) and quoted empty strings kept as strings.
        var columns = string.Join(", ", SampleBatch.Schema.Fields.Select(f => $"'{f.Name}': '{DuckDbSqlType(f.Name)}'"));
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        return Normalize(connection.QueryRows(
            $"SELECT * FROM read_csv('{folder}/*.csv', header = true, allow_quoted_nulls = false, columns = {{{columns}}}) ORDER BY id", 1_000_000));
    }

    public static async Task<List<string>> PostgresAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('\"{table}\"') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync() is not true)
            {
                return [];
            }
        }
        await using var query = new NpgsqlCommand($"SELECT * FROM \"{table}\" ORDER BY id", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = await reader.IsDBNullAsync(i) ? null
                    : reader.GetDataTypeName(i) == "date" ? await reader.GetFieldValueAsync<DateOnly>(i)
                    : reader.GetValue(i);
            }
            rows.Add(SampleBatch.NormalizeRow(values));
        }
        return rows;
    }

    public static List<string> Expected(params SampleBatch[] samples) => [.. samples.SelectMany(s => s.Rows).OrderBy(r => (long)r[0]!).Select(SampleBatch.NormalizeRow)];

    private static string DuckDbSqlType(string column)
    {
        var field = SampleBatch.Schema.Fields.Single(f => f.Name == column);
        return field.Type.Id switch
        {
            Protocol.Arrow.Metadata.ArrowTypeId.Int => (field.Type.BitWidth, field.Type.IsSigned) switch
            {
                (8, true) => "TINYINT",
                (16, true) => "SMALLINT",
                (32, true) => "INTEGER",
                (64, true) => "BIGINT",
                (8, false) => "UTINYINT",
                (16, false) => "USMALLINT",
                (32, false) => "UINTEGER",
                _ => "UBIGINT",
            },
            Protocol.Arrow.Metadata.ArrowTypeId.FloatingPoint => field.Type.FixedBitWidth == 32 ? "FLOAT" : "DOUBLE",
            Protocol.Arrow.Metadata.ArrowTypeId.Bool => "BOOLEAN",
            Protocol.Arrow.Metadata.ArrowTypeId.Utf8 => "VARCHAR",
            Protocol.Arrow.Metadata.ArrowTypeId.Binary => "BLOB",
            Protocol.Arrow.Metadata.ArrowTypeId.Date => "DATE",
            _ => field.Type.TimeZone is null ? "TIMESTAMP" : "TIMESTAMPTZ",
        };
    }

    private static List<string> Normalize(List<object?[]> rows) => [.. rows.Select(SampleBatch.NormalizeRow)];
}

/// <summary>The file-and-DuckDB sinks under test, each in its own temporary folder.</summary>
public enum LocalSinkKind
{
    DuckDb,
    Parquet,
    Csv,
}

/// <summary>One local sink's URI and how to read what it made visible.</summary>
internal sealed class LocalSinkPlace : IDisposable
{
    public LocalSinkPlace(LocalSinkKind kind)
    {
        Kind = kind;
        Root = Directory.CreateTempSubdirectory("cf-sink-").FullName;
    }

    public LocalSinkKind Kind { get; }

    public string Root { get; }

    public string Uri => Kind switch
    {
        LocalSinkKind.DuckDb => $"duckdb://{Root}/out.duckdb",
        LocalSinkKind.Parquet => $"parquet://{Root}",
        _ => $"csv://{Root}",
    };

    public IOutputSink NewSink() => SinkFactory.Create(Uri);

    public List<string> Rows(string table) => Kind switch
    {
        LocalSinkKind.DuckDb => VisibleRows.DuckDbFile(Path.Combine(Root, "out.duckdb"), table),
        LocalSinkKind.Parquet => VisibleRows.Parquet(Root, table),
        _ => VisibleRows.Csv(Root, table),
    };

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
