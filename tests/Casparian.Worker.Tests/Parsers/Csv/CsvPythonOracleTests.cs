using System.Diagnostics;
using System.Text.Json;
using Casparian.Worker.Contracts;
using Casparian.Worker.Parsers.Csv;

namespace Casparian.Worker.Tests.Parsers.Csv;

/// <summary>Python's standard csv module, an independent RFC 4180 implementation, writes and reads the same file as ours.</summary>
public sealed class CsvPythonOracleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-csv-oracle-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Script = """
        import csv, json, random, sys
        random.seed(7)
        alphabet = ['a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '日', "'"]
        rows = [[str(i), ''.join(random.choice(alphabet) for _ in range(random.randint(1, 12))), ''.join(random.choice(alphabet) for _ in range(random.randint(1, 5)))] for i in range(3000)]
        with open(sys.argv[1], 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator='\r\n')
            w.writerow(['id', 'a', 'b'])
            w.writerows(rows)
        with open(sys.argv[1], newline='', encoding='utf-8') as f:
            print(json.dumps(list(csv.reader(f))[1:]))
        """;

    [Fact]
    public async Task Fields_with_quotes_commas_and_line_breaks_read_back_as_python_csv_reads_them()
    {
        var path = Path.Combine(_dir, "python.csv");
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", Script, path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var python = Process.Start(start)!;
        var stdout = await python.StandardOutput.ReadToEndAsync();
        var stderr = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, stderr);
        var expected = JsonSerializer.Deserialize<string[][]>(stdout)!;
        var declared = new Dictionary<string, IReadOnlyList<ContractColumn>>
        {
            ["t"] = [new("id", ColumnType.Int64, false), new("a", ColumnType.Utf8, false), new("b", ColumnType.Utf8, false)],
        };
        var outputs = new CollectingOutputs();

        await new CsvParser(outputs, new() { DeclaredColumns = declared, BatchRows = 1000 }).RunAsync(ParserJobs.For(path, "t", "builtin:csv"), CancellationToken.None);

        Assert.Equal(3000, expected.Length);
        Assert.Equal(0, outputs.RowCounts["t__quarantine"]);
        Assert.Equal(expected.Select(r => r[0]), outputs.Column("t", "id"));
        Assert.Equal(expected.Select(r => r[1]), outputs.Column("t", "a"));
        Assert.Equal(expected.Select(r => r[2]), outputs.Column("t", "b"));
    }
}
