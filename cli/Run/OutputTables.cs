using System.Globalization;
using Casparian.Native.DuckDb;

namespace Casparian.Cli.Run;

/// <summary>One output table and its quarantine.</summary>
internal sealed record OutputTable(string Name, long Rows, long Quarantined);

/// <summary>
/// Reads the tables of a DuckDB output file read-only (after the workers stopped, so no writer holds it): each table
/// with its row count and the rows of its <c>__quarantine</c> companion. Casparian's own <c>_cf_</c> tables are left out.
/// </summary>
internal static class OutputTables
{
    public const string QuarantineSuffix = "__quarantine";

    /// <summary>The tables, by name; empty when the file does not exist yet.</summary>
    public static IReadOnlyList<OutputTable> Read(string duckDbPath)
    {
        if (!File.Exists(duckDbPath))
        {
            return [];
        }
        using var database = DuckDbDatabase.Open(duckDbPath, new DuckDbOpenOptions { ReadOnly = true });
        using var connection = database.Connect();
        var names = connection.QueryRows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name")
            .Select(r => (string)r[0]!)
            .Where(n => !n.StartsWith("_cf_", StringComparison.Ordinal))
            .ToList();
        var counts = names.ToDictionary(n => n, n => Convert.ToInt64(connection.ExecuteScalar($"SELECT count(*) FROM \"{n.Replace("\"", "\"\"", StringComparison.Ordinal)}\""),
            CultureInfo.InvariantCulture), StringComparer.Ordinal);
        return [.. names.Where(n => !n.EndsWith(QuarantineSuffix, StringComparison.Ordinal))
            .Select(n => new OutputTable(n, counts[n], counts.GetValueOrDefault(n + QuarantineSuffix)))];
    }
}
