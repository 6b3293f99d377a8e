using System.Diagnostics;
using Casparian.Native.DuckDb;
using Casparian.Testing;

namespace Casparian.Cli.Tests.Run;

/// <summary>Runs the real <c>casparian</c> command in a project folder, and reads the output tables it made.</summary>
internal static class RunCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
    }

    public static string Casparian => Path.Combine(AppContext.BaseDirectory, "casparian.dll");

    /// <summary>Runs <c>casparian ARGS</c> with <paramref name="project"/> as the working folder, to completion.</summary>
    public static async Task<Result> RunAsync(string project, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = project,
        };
        info.ArgumentList.Add(Casparian);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"casparian {string.Join(' ', args)} did not finish within {timeout}:\n{await stdout}\n{await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A corpus folder with copies of demo fixtures (relative paths under fixtures/demo).</summary>
    public static string DemoCorpus(string parent, params string[] files)
    {
        var corpus = Path.Combine(parent, "corpus");
        foreach (var file in files)
        {
            var target = Path.Combine(corpus, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(RepoPaths.Fixture(["demo", .. file.Split('/')]), target);
        }
        return corpus;
    }

    /// <summary>
    /// Every row of <paramref name="table"/> in a DuckDB output file as sorted text, without the columns that differ
    /// per job by design (job id, processing time).
    /// </summary>
    public static List<string> Rows(string duckDbFile, string table) => RowsFrom(duckDbFile, $"\"{table}\"");

    /// <summary>Rows from any DuckDB table expression (e.g. <c>read_parquet('…')</c>), rendered like <see cref="Rows"/>.</summary>
    public static List<string> RowsFrom(string? duckDbFile, string source)
    {
        using var database = duckDbFile is null ? DuckDbDatabase.Open() : DuckDbDatabase.Open(duckDbFile, new DuckDbOpenOptions { ReadOnly = true });
        using var connection = database.Connect();
        return [.. connection.QueryRows($"SELECT * EXCLUDE (_cf_job_id, _cf_processed_at) FROM {source}", 10_000_000)
            .Select(r => string.Join('|', r.Select(v => v switch
            {
                null => "NULL",
                DateTime t => t.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset t => t.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => v.ToString(),
            })))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The user tables of a DuckDB output file (not Casparian's own <c>_cf_</c> tables), by name.</summary>
    public static List<string> Tables(string duckDbFile)
    {
        using var database = DuckDbDatabase.Open(duckDbFile, new DuckDbOpenOptions { ReadOnly = true });
        using var connection = database.Connect();
        return [.. connection.QueryRows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1")
            .Select(r => (string)r[0]!).Where(n => !n.StartsWith("_cf_", StringComparison.Ordinal))];
    }
}
