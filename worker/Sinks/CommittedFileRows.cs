using System.Globalization;
using Casparian.Native.DuckDb;

namespace Casparian.Worker.Sinks;

/// <summary>
/// The row count of a committed output file, read back by DuckDB: what a file sink reports when its materialization
/// key was committed by an earlier run (the file itself is the record of that commit).
/// </summary>
internal static class CommittedFileRows
{
    public static long Parquet(string path) => Count($"read_parquet({SinkColumnTypes.Literal(path)})");

    /// <summary>Counts the records of a file written by <see cref="CsvSink"/> (header row, RFC 4180 quoting).</summary>
    public static long Csv(string path) =>
        Count($"read_csv({SinkColumnTypes.Literal(path)}, header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"')");

    private static long Count(string source)
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        return Convert.ToInt64(connection.ExecuteScalar($"SELECT count(*) FROM {source}"), CultureInfo.InvariantCulture);
    }
}
