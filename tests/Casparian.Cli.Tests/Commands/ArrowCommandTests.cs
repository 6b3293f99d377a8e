using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Casparian.Cli.Tests.Commands;

public sealed class ArrowCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("casparian-arrow-").FullName;

    public static IEnumerable<object[]> Goldens() =>
        Directory.GetFiles(CasparianProcess.Fixtures, "*.stream", SearchOption.AllDirectories)
            .Order()
            .Select(p => new object[] { Path.GetRelativePath(CasparianProcess.Fixtures, p)[..^".stream".Length] });

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Validate_accepts_every_golden_stream_including_compressed_ones(string name)
    {
        var result = CasparianProcess.Run("arrow", "validate", "--json", Golden(name, ".json.gz"), "--arrow", Golden(name, ".stream"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.StartsWith("ok: ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_fails_with_the_mismatch_when_values_differ()
    {
        // The golden JSON with one valid value of the 'ints' column changed.
        JsonNode root;
        using (var gz = new GZipStream(File.OpenRead(Golden("compression/generated_lz4", ".json.gz")), CompressionMode.Decompress))
        {
            root = JsonNode.Parse(gz)!;
        }
        var column = root["batches"]![0]!["columns"]![0]!;
        var row = column["VALIDITY"]!.AsArray().Select(v => v!.GetValue<int>()).ToList().IndexOf(1);
        column["DATA"]![row] = "12345";
        var json = Path.Combine(_temp, "changed.json");
        File.WriteAllText(json, root.ToJsonString());

        var result = CasparianProcess.Run("arrow", "validate", "--json", json, "--arrow", Golden("compression/generated_lz4", ".stream"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"mismatch: batch 0, column 'ints', row {row}: expected \"12345\"", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stream", "none")]
    [InlineData("stream", "lz4")]
    [InlineData("file", "zstd")]
    [InlineData("file", "none")]
    public void From_json_writes_data_that_validates_against_the_same_json(string format, string compression)
    {
        var json = Golden("generated_nested", ".json.gz");
        var output = Path.Combine(_temp, $"out.{format}");

        var write = CasparianProcess.Run("arrow", "from-json", json, output, "--format", format, "--compression", compression);
        var validate = CasparianProcess.Run("arrow", "validate", "--json", json, "--arrow", output);

        Assert.True(write.ExitCode == 0, write.Stderr);
        Assert.True(validate.ExitCode == 0, validate.Stderr);
    }

    [Fact]
    public void Inspect_prints_schema_batches_and_row_counts()
    {
        var result = CasparianProcess.Run("arrow", "inspect", Golden("generated_dictionary", ".stream"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("format: stream", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("dict0: utf8 dictionary(id=0, index=int8)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("batch 1: 10 rows", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("total: 2 batches, 17 rows", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_recognizes_the_file_format()
    {
        var output = Path.Combine(_temp, "primitive.arrow");
        var write = CasparianProcess.Run("arrow", "from-json", Golden("generated_primitive", ".json.gz"), output, "--format", "file");

        var result = CasparianProcess.Run("arrow", "inspect", output);

        Assert.True(write.ExitCode == 0, write.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("format: file", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("int64_nullable: int64", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("total: 2 batches, 37 rows", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void To_json_output_validates_as_the_golden_json()
    {
        var json = Path.Combine(_temp, "out.json");

        var convert = CasparianProcess.Run("arrow", "to-json", Golden("generated_decimal", ".stream"), "--output", json);
        var validate = CasparianProcess.Run("arrow", "validate", "--json", json, "--arrow", Golden("generated_decimal", ".stream"));

        Assert.True(convert.ExitCode == 0, convert.Stderr);
        Assert.True(validate.ExitCode == 0, validate.Stderr);
    }

    [Fact]
    public void Truncated_input_fails_with_one_line_naming_the_problem()
    {
        var bytes = File.ReadAllBytes(Golden("generated_primitive", ".stream"));
        var truncated = Path.Combine(_temp, "truncated.stream");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        var result = CasparianProcess.Run("arrow", "inspect", truncated);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("truncated", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private static string Golden(string name, string extension) => Path.Combine(CasparianProcess.Fixtures, name + extension);

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
