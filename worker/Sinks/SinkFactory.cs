using Casparian.Protocol.Locations;

namespace Casparian.Worker.Sinks;

/// <summary>
/// Makes the sink a sink URI names: <c>duckdb://PATH</c>, <c>parquet://DIR</c>, <c>csv://DIR</c> or
/// <c>postgres://user:password@host:port/database</c> (also <c>postgresql://</c>). Each call returns a new sink for
/// one job output; the sinks of one job are made in one <see cref="SinkScope"/> so they can share what a process
/// must not open twice.
/// </summary>
public static class SinkFactory
{
    private const string Usage = "use duckdb://PATH, parquet://DIR, csv://DIR or postgres://user:password@host:5432/database";

    /// <param name="uri">The sink URI.</param>
    /// <param name="scope">The job's scope; null gives the sink a scope of its own.</param>
    public static IOutputSink Create(string uri, SinkScope? scope = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        var separator = uri.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new SinkException($"sink '{PostgresUri.Redact(uri)}' has no scheme; {Usage}");
        }
        var scheme = uri[..separator].ToLowerInvariant();
        var rest = uri[(separator + 3)..];
        return scheme switch
        {
            "duckdb" => new DuckDbSink(PathOf(uri, rest), scope),
            "parquet" => new ParquetSink(PathOf(uri, rest)),
            "csv" => new CsvSink(PathOf(uri, rest)),
            "postgres" or "postgresql" => new PostgresSink(uri),
            _ => throw new SinkException($"sink scheme '{scheme}' is not known; {Usage}"),
        };
    }

    private static string PathOf(string uri, string rest) =>
        rest.Length > 0 ? rest : throw new SinkException($"sink '{uri}' has no path; {Usage}");
}
