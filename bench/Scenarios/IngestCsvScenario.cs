using System.Diagnostics;
using System.Globalization;
using Casparian.Bench.Scenarios.IngestCsv;
using Casparian.Native.DuckDb;
using Casparian.Protocol.Hashing;
using Casparian.Protocol.Messages;
using Casparian.Worker.Execution;
using Casparian.Worker.Outputs;
using Casparian.Worker.Parsers.Csv;

namespace Casparian.Bench.Scenarios;

/// <summary>
/// The builtin CSV parser writing through <see cref="SinkJobOutputs"/> into a DuckDB sink (type inference, contract
/// validation, quarantine and lineage on, one transaction), against DuckDB's own
/// <c>CREATE TABLE t AS SELECT * FROM read_csv(…)</c> of the same file in the same run.
/// </summary>
internal sealed class IngestCsvScenario : IScenario
{
    private const int DefaultRows = 2_000_000;

    public string Name => "ingest-csv";

    public string Description => "rows/s of a ~300 MB CSV through builtin:csv into a DuckDB sink vs DuckDB read_csv [ROWS] [ROUNDS]";

    public async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : DefaultRows;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var input = BenchCsvFile.Ensure(rows);
        var sourceHash = HashOf(input);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows} rows, {new FileInfo(input).Length / 1e6:0.#} MB, best of {rounds} rounds, DuckDB {DuckDbDatabase.LibraryVersion}"));
        double ours = 0, reference = 0;
        for (var round = 0; round < rounds; round++)
        {
            var oursSeconds = await TimeOursAsync(input, sourceHash, rows);
            var referenceSeconds = TimeReference(input, rows);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: ours {oursSeconds:0.00} s, duckdb read_csv {referenceSeconds:0.00} s"));
            ours = Math.Max(ours, rows / oursSeconds);
            reference = Math.Max(reference, rows / referenceSeconds);
        }
        BenchReport.Line(Name, ours, reference, "rows/s", "duckdb read_csv", goal: 0.5);
        return 0;
    }

    private static async Task<double> TimeOursAsync(string input, string sourceHash, int rows)
    {
        using var folder = new ScratchFolder();
        var job = new JobContext(1, new DispatchMessage
        {
            Attempt = 1,
            InputPath = input,
            SourceHash = sourceHash,
            FileVersionId = 1,
            Plugin = new PluginRef { Name = "builtin:csv", Version = "1", ArtifactHash = new string('a', 64), RuntimeKind = "builtin" },
            Outputs =
            [
                new ExpectedOutput
                {
                    Name = "events", Table = "events", SinkUri = $"duckdb://{folder.Path}/ours.duckdb", SchemaHash = new string('b', 64),
                    OutputTargetKey = new string('c', 64), MaterializationKey = new string('d', 64),
                },
            ],
        });
        var clock = Stopwatch.StartNew();
        var outcome = await new CsvParser(new SinkJobOutputs()).RunAsync(job, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        if (outcome.Outputs[0].Rows != rows || outcome.Outputs[0].QuarantinedRows != 0)
        {
            throw new InvalidOperationException($"builtin:csv committed {outcome.Outputs[0].Rows} rows and quarantined {outcome.Outputs[0].QuarantinedRows}; expected {rows} and 0");
        }
        return seconds;
    }

    private static double TimeReference(string input, int rows)
    {
        using var folder = new ScratchFolder();
        using var database = DuckDbDatabase.Open(Path.Combine(folder.Path, "reference.duckdb"));
        using var connection = database.Connect();
        var clock = Stopwatch.StartNew();
        connection.Execute($"CREATE TABLE t AS SELECT * FROM read_csv('{input}')");
        var seconds = clock.Elapsed.TotalSeconds;
        var loaded = Convert.ToInt64(connection.ExecuteScalar("SELECT count(*) FROM t"), CultureInfo.InvariantCulture);
        return loaded == rows ? seconds : throw new InvalidOperationException($"read_csv loaded {loaded} rows; expected {rows}");
    }

    private static string HashOf(string path)
    {
        var hasher = Blake3Hasher.Create();
        Blake3Streams.HashFile(hasher, path, Environment.ProcessorCount);
        return Convert.ToHexStringLower(hasher.Finalize());
    }

    private sealed class ScratchFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("cf-bench-ingest-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
