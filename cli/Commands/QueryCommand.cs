using System.CommandLine;
using Casparian.Cli.Project;
using Casparian.Cli.Run;
using Casparian.Native;
using Casparian.Native.DuckDb;

namespace Casparian.Cli.Commands;

/// <summary>
/// <c>casparian query "SQL"</c>: read-only SQL over the output DuckDB file (opened with <c>access_mode=READ_ONLY</c>,
/// so a write statement fails and the outputs stay exactly as the jobs committed them).
/// </summary>
internal static class QueryCommand
{
    /// <summary>The most rows printed; a bigger result should be narrowed with LIMIT or exported by DuckDB itself.</summary>
    public const int MaxRows = 1_000_000;

    public static Command Create()
    {
        var sql = new Argument<string>("SQL") { Description = "the query, e.g. \"SELECT * FROM logins LIMIT 10\"" };
        var output = new Option<string?>("--out") { Description = "the output DuckDB to query (default duckdb://.casparian/out.duckdb)" };
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var command = new Command("query", "Run read-only SQL over the output tables.") { sql, output, format };
        command.SetAction(parse =>
        {
            string path;
            try
            {
                var sink = SinkUris.Normalize(parse.GetValue(output) ?? ProjectPaths.Current().DefaultOut);
                path = SinkUris.DuckDbPath(sink) ?? throw new UsageException(
                    $"--out {sink} is not a DuckDB file; casparian query reads duckdb:// outputs (query other sinks with their own tools)");
            }
            catch (Exception ex) when (ex is UsageException or FormatException)
            {
                Console.Error.WriteLine($"casparian query: {ex.Message}");
                return 2;
            }
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"casparian query: {path} does not exist yet; run casparian run DIR first, or pass --out duckdb://PATH");
                return 2;
            }
            NativeLibraries.EnsureLoaded(NativeLib.DuckDb);
            try
            {
                using var database = DuckDbDatabase.Open(path, new DuckDbOpenOptions { ReadOnly = true });
                using var connection = database.Connect();
                using var result = connection.Query(parse.GetValue(sql)!);
                var columns = result.Columns.Select(c => c.Name).ToList();
                var rows = result.ReadRows(MaxRows);
                QueryFormats.Write(Console.Out, parse.GetValue(format)!, columns, rows);
                return 0;
            }
            catch (DuckDbException ex) when (ex.Message.Contains("read-only", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"casparian query: the outputs are read-only here ({ex.Message}); use SELECT, and change outputs only by running jobs");
                return 2;
            }
            catch (DuckDbException ex)
            {
                Console.Error.WriteLine($"casparian query: {ex.Message}");
                return 2;
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine($"casparian query: {ex.Message} (add a LIMIT)");
                return 2;
            }
        });
        return command;
    }
}
