using System.Diagnostics;
using System.Globalization;
using Casparian.Native.DuckDb;

namespace Casparian.Bench.Scenarios;

/// <summary>
/// Bulk load through the data-chunk appender (the sink fast path): rows of (BIGINT, VARCHAR, TIMESTAMP) built in .NET
/// and appended chunk by chunk, against DuckDB generating the same rows itself with INSERT … SELECT FROM range(),
/// which is the ceiling for any client.
/// </summary>
internal sealed class DuckDbAppendScenario : IScenario
{
    private const int DefaultRows = 2_000_000;
    private const int Rounds = 3;

    public string Name => "duckdb-append";

    public string Description => "rows/s into DuckDB through the data-chunk appender vs DuckDB's own INSERT…SELECT [ROWS]";

    public Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : DefaultRows;
        double ours = 0, reference = 0;
        for (var round = 0; round < Rounds; round++)
        {
            ours = Math.Max(ours, rows / Time(connection => AppendChunks(connection, rows)).TotalSeconds);
            reference = Math.Max(reference, rows / Time(connection => InsertSelect(connection, rows)).TotalSeconds);
        }
        Console.WriteLine($"{rows} rows, best of {Rounds} rounds, DuckDB {DuckDbDatabase.LibraryVersion}");
        BenchReport.Line(Name, ours / 1e6, reference / 1e6, "Mrows/s", "DuckDB INSERT…SELECT range()", goal: 0.5);
        return Task.FromResult(0);
    }

    private static TimeSpan Time(Action<DuckDbConnection> load)
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        connection.Execute("CREATE TABLE t (id BIGINT, s VARCHAR, ts TIMESTAMP)");
        var clock = Stopwatch.StartNew();
        load(connection);
        var elapsed = clock.Elapsed;
        if ((long)connection.ExecuteScalar("SELECT count(*) FROM t")! != (long)connection.ExecuteScalar("SELECT max(id) + 1 FROM t")!)
        {
            throw new InvalidOperationException("the load did not produce the expected rows");
        }
        return elapsed;
    }

    private static void AppendChunks(DuckDbConnection connection, int rows)
    {
        const long BaseMicros = 1_577_836_800_000_000; // 2020-01-01 in µs since the epoch
        using var appender = connection.CreateAppender("t");
        using var chunk = appender.CreateChunk();
        Span<byte> text = stackalloc byte[64];
        for (var start = 0; start < rows; start += DuckDbDataChunk.Capacity)
        {
            var count = Math.Min(DuckDbDataChunk.Capacity, rows - start);
            chunk.Reset();
            var ids = chunk.GetVector(0).GetWritableValues<long>();
            var strings = chunk.GetVector(1);
            var timestamps = chunk.GetVector(2).GetWritableValues<long>();
            for (var row = 0; row < count; row++)
            {
                var id = start + row;
                ids[row] = id;
                "row "u8.CopyTo(text);
                id.TryFormat(text[4..], out var digits, provider: CultureInfo.InvariantCulture);
                " of the benchmark"u8.CopyTo(text[(4 + digits)..]);
                strings.SetBytes(row, text[..(4 + digits + 17)]);
                timestamps[row] = BaseMicros + (id * 1_000_000L);
            }
            chunk.RowCount = count;
            appender.AppendChunk(chunk);
        }
        appender.Close();
    }

    private static void InsertSelect(DuckDbConnection connection, int rows) =>
        connection.Execute(
            "INSERT INTO t SELECT i, 'row ' || i || ' of the benchmark', TIMESTAMP '2020-01-01' + to_seconds(i) " +
            $"FROM range({rows.ToString(CultureInfo.InvariantCulture)}) r(i)");
}
