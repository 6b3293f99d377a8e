using System.Globalization;
using Casparian.Broker.Sentinel;
using Casparian.Broker.Store;
using Casparian.Broker.Store.DuckDb;
using Casparian.Native.DuckDb;
using Casparian.Protocol.Identity;
using Casparian.Protocol.Messages;
using Casparian.Testing;
using Npgsql;

namespace Casparian.Cli.Tests.Cluster;

/// <summary>
/// The demo CSVs through a real <c>casparian sentinel</c> (DuckDB store) and a real <c>casparian worker</c> into the
/// DuckDB, Parquet and PostgreSQL sinks: 197 good and 3 quarantined rows per file, lineage on every row, one
/// materialization per job, and the same rows in every sink, read back independently (DuckDB, read_parquet, Npgsql).
/// </summary>
public sealed class CsvIngestTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private const string ArtifactHash = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e";
    private static readonly string[] Files = ["logins-day1.csv", "logins-day2.csv"];
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The compared columns: everything but the job id and processing time, which differ per job by design.</summary>
    private const string GoodColumns =
        "\"timestamp\", \"user\", \"host\", \"logon_type\", \"success\", \"bytes_sent\", \"_cf_source_hash\", \"_cf_file_version_id\", \"_cf_artifact_hash\"";

    private const string QuarantineColumns = "\"row_number\", \"reason\", \"column\", \"raw_value\", \"raw_line\", \"_cf_source_hash\"";

    private readonly string root = Directory.CreateTempSubdirectory("cf-ingest-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Demo_CSVs_land_in_DuckDB_Parquet_and_PostgreSQL_sinks_with_quarantine_lineage_and_one_materialization_per_job()
    {
        var storePath = Path.Combine(root, "state.duckdb");
        var duckDbFile = Path.Combine(root, "out.duckdb");
        var parquetRoot = Path.Combine(root, "parquet");
        var (postgresUri, postgresConnection) = await postgres.NewStoreAsync("sink");
        string[] sinks = [$"duckdb://{duckDbFile}", $"parquet://{parquetRoot}", postgresUri];
        var keys = await EnqueueAsync(storePath, sinks);

        var (sentinel, endpoint) = await Cluster.StartSentinelAsync($"duckdb:{storePath}");
        await using (sentinel)
        {
            // Stopped before reading: the DuckDB store and sink files have one writer process each.
            await using (var worker = await Cluster.StartWorkerAsync(sentinel, endpoint, "w1", capacity: 2))
            {
                await ClusterTests.WaitUntilAsync(
                    () => Task.FromResult(sentinel.CountLines(@"Job \d+ (Complete|Fail)\S* → (Completed|Failed|DeadLettered)") >= keys.Count),
                    RunTimeout, n => sentinel.Tail(n) + "\n--- worker ---\n" + worker.Tail(n));
                Assert.Equal(keys.Count, sentinel.CountLines(@"Job \d+ Complete → Completed"));
            }
            sentinel.Terminate();
            await sentinel.WaitForExitAsync(TimeSpan.FromSeconds(20));
        }

        AssertOneMaterializationPerJob(storePath, keys);
        var sourceHashes = Files.Select(f => B3sum(Fixture(f))).ToHashSet();
        var duckDb = Read(duckDbFile, "logins", "logins__quarantine");
        Assert.Equal(394, duckDb.Good.Count);
        Assert.Equal(6, duckDb.Quarantine.Count);
        // Lineage: every row names its file by the hash b3sum computes, and the artifact that made it.
        Assert.Equal(sourceHashes, duckDb.Good.Select(r => r.Split('|')[6]).ToHashSet());
        Assert.All(duckDb.Good, r => Assert.EndsWith("|" + ArtifactHash, r, StringComparison.Ordinal));
        Assert.Equal(["type.int64", "type.int64", "type.int64", "type.int64", "type.timestamp", "type.timestamp"], duckDb.Quarantine.Select(r => r.Split('|')[1]).Order(StringComparer.Ordinal));

        var parquet = ReadParquet(parquetRoot);
        Assert.Equal(duckDb.Good, parquet.Good);
        Assert.Equal(duckDb.Quarantine, parquet.Quarantine);
        var fromPostgres = (Good: await ReadPostgresAsync(postgresConnection, "logins", GoodColumns), Quarantine: await ReadPostgresAsync(postgresConnection, "logins__quarantine", QuarantineColumns));
        Assert.Equal(duckDb.Good, fromPostgres.Good);
        Assert.Equal(duckDb.Quarantine, fromPostgres.Quarantine);
    }

    private static string Fixture(string file) => RepoPaths.Fixture("demo", "csv", file);

    /// <summary>One job per file and sink, keyed as the scout keys them; returns the materialization keys.</summary>
    private static async Task<List<string>> EnqueueAsync(string storePath, string[] sinks)
    {
        var schemaHash = SchemaHash.Of("""{"inferred":"builtin:csv"}""");
        var requests = new List<EnqueueRequest>();
        foreach (var sink in sinks)
        {
            var target = OutputTargetKey.Of(sink, "logins", schemaHash, SinkMode.Append);
            for (var i = 0; i < Files.Length; i++)
            {
                var sourceHash = B3sum(Fixture(Files[i]));
                var key = MaterializationKey.Of(target, sourceHash, ArtifactHash);
                var spec = new JobSpec
                {
                    InputPath = Fixture(Files[i]),
                    FileVersionId = i + 1,
                    Plugin = new PluginRef { Name = "builtin:csv", Version = "1", ArtifactHash = ArtifactHash, RuntimeKind = "builtin" },
                    Outputs = [new ExpectedOutput { Name = "logins", Table = "logins", SinkUri = sink, SchemaHash = schemaHash, OutputTargetKey = target, MaterializationKey = key }],
                };
                requests.Add(new EnqueueRequest(key, sourceHash, "builtin:csv@1", Payload: spec.ToJson()));
            }
        }
        await using var store = DuckDbStateStore.Open(storePath);
        Assert.Equal(requests.Count, (await store.EnqueueAsync(requests)).NewJobIds.Count);
        return [.. requests.Select(r => r.MaterializationKey)];
    }

    private static void AssertOneMaterializationPerJob(string storePath, List<string> keys)
    {
        using var database = DuckDbDatabase.Open(storePath);
        using var connection = database.Connect();
        var rows = connection.QueryRows("SELECT materialization_key, job_id, row_count FROM materializations ORDER BY materialization_key");
        Assert.Equal(keys.Order(StringComparer.Ordinal), rows.Select(r => (string)r[0]!));
        Assert.Equal(keys.Count, rows.Select(r => r[1]).Distinct().Count());
        Assert.All(rows, r => Assert.Equal(197L, Convert.ToInt64(r[2], CultureInfo.InvariantCulture)));
    }

    private static (List<string> Good, List<string> Quarantine) Read(string duckDbFile, string good, string quarantine)
    {
        using var database = DuckDbDatabase.Open(duckDbFile);
        using var connection = database.Connect();
        return (Rows(connection, good, GoodColumns), Rows(connection, quarantine, QuarantineColumns));
    }

    private static (List<string> Good, List<string> Quarantine) ReadParquet(string parquetRoot)
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        return (Rows(connection, $"read_parquet('{parquetRoot}/logins/*.parquet')", GoodColumns),
            Rows(connection, $"read_parquet('{parquetRoot}/logins__quarantine/*.parquet')", QuarantineColumns));
    }

    /// <summary>Rows as text, timestamps as epoch microseconds, sorted, so every reader renders them alike.</summary>
    private static List<string> Rows(DuckDbConnection connection, string source, string columns) =>
        [.. connection.QueryRows($"SELECT {columns.Replace("\"timestamp\"", "epoch_us(\"timestamp\")", StringComparison.Ordinal)} FROM {source}")
            .Select(Render).Order(StringComparer.Ordinal)];

    private static async Task<List<string>> ReadPostgresAsync(string connectionString, string table, string columns)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var select = columns.Replace("\"timestamp\"", "(extract(epoch FROM \"timestamp\") * 1000000)::bigint", StringComparison.Ordinal);
        await using var command = new NpgsqlCommand($"SELECT {select} FROM \"{table}\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = await reader.IsDBNullAsync(i) ? null : reader.GetValue(i);
            }
            rows.Add(Render(values));
        }
        return [.. rows.Order(StringComparer.Ordinal)];
    }

    private static string Render(object?[] row) => string.Join('|', row.Select(v => v is null ? "∅" : Convert.ToString(v, CultureInfo.InvariantCulture)));

    private static string B3sum(string path)
    {
        using var b3sum = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("b3sum", ["--no-names", path]) { RedirectStandardOutput = true })!;
        var hash = b3sum.StandardOutput.ReadToEnd().Trim();
        b3sum.WaitForExit();
        Assert.Equal(0, b3sum.ExitCode);
        return hash;
    }
}
