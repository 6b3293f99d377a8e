using System.Text.Json.Nodes;
using System.Diagnostics;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Json;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Protocol.Tests.Arrow.Ipc;

namespace Casparian.Protocol.Tests.Arrow.Interop;

/// <summary>
/// Our writer's output, for every golden case, is read by an independent implementation — the npm apache-arrow
/// package, through tests/interop/read-arrow.mjs — and what it reads must match the golden JSON value by value.
/// </summary>
public sealed class ApacheArrowJsInteropTests : IDisposable
{
    // apache-arrow (JavaScript) drops the batches of a schema with two fields of the same name, whoever wrote the
    // stream; for that case we require that it reads our stream exactly as it reads the Arrow C++ reference stream.
    private const string DuplicateFieldNames = "generated_duplicate_fieldnames";

    private readonly string _temp = Directory.CreateTempSubdirectory("casparian-interop-").FullName;

    public static IEnumerable<object[]> Cases() =>
        ArrowFixtures.Uncompressed().SelectMany(c => new[] { new[] { c[0], "stream" }, new[] { c[0], "file" } });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apache_arrow_js_reads_our_output_as_the_golden_values(string name, string format)
    {
        var golden = IntegrationJsonReader.ReadFile(ArrowFixtures.Json(name));
        var path = Path.Combine(_temp, $"{name}.{format}");
        using (var output = File.Create(path))
        using (IArrowBatchWriter writer = format == "file" ? new ArrowFileWriter(output, golden.Schema) : new ArrowStreamWriter(output, golden.Schema))
        {
            foreach (var batch in golden.Batches)
            {
                writer.Write(batch);
            }
        }

        var seenByJs = ReadWithApacheArrowJs(path);

        var expected = name == DuplicateFieldNames ? ReadWithApacheArrowJs(ArrowFixtures.Stream(name)) : golden;
        Assert.Empty(ArrowValueComparer.Compare(expected.Schema, expected.Batches, seenByJs.Schema, seenByJs.Batches));
        if (name != DuplicateFieldNames)
        {
            Assert.Equal(golden.Batches.Count, seenByJs.Batches.Count);
        }
    }

    [Fact]
    public void Apache_arrow_js_reads_the_types_the_goldens_leave_out()
    {
        var golden = IntegrationJsonReader.ReadFile(ArrowFixtures.MoreTypesJson);
        var path = Path.Combine(_temp, "more.stream");
        using (var output = File.Create(path))
        using (var writer = new ArrowStreamWriter(output, golden.Schema))
        {
            golden.Batches.ToList().ForEach(writer.Write);
        }

        // apache-arrow's JSON writer prints float16 as its raw bits and decimal256 as 128-bit words, not as the
        // integration format's values, so those two columns cannot be compared through its JSON.
        string[] notComparable = ["half", "dec256"];
        var seenByJs = ReadWithApacheArrowJs(path, notComparable);
        var (expectedSchema, expectedBatches) = Without(golden, notComparable);
        var (jsSchema, jsBatches) = (seenByJs.Schema, seenByJs.Batches.ToList());
        Assert.Equal(7, expectedSchema.Fields.Count);
        Assert.Empty(ArrowValueComparer.Compare(expectedSchema, expectedBatches, jsSchema, jsBatches));
    }

    private static (ArrowSchema, List<RecordBatch>) Without(ArrowJsonFile file, string[] names)
    {
        var keep = Enumerable.Range(0, file.Schema.Fields.Count).Where(i => !names.Contains(file.Schema.Fields[i].Name)).ToArray();
        var schema = file.Schema with { Fields = keep.Select(i => file.Schema.Fields[i]).ToArray() };
        return (schema, file.Batches.Select(b => new RecordBatch(schema, b.Length, keep.Select(i => b.Columns[i]).ToArray())).ToList());
    }

    [Fact]
    public void Apache_arrow_js_applies_our_delta_dictionary()
    {
        var bytes = DeltaDictionaryTests.WriteGrowingDictionaryStream();
        var path = Path.Combine(_temp, "delta.stream");
        File.WriteAllBytes(path, bytes);

        var seenByJs = ReadWithApacheArrowJs(path);

        using var reader = new ArrowStreamReader(bytes);
        var ours = reader.ReadAll().ToList();
        Assert.Equal(2, seenByJs.Batches.Count);
        Assert.Empty(ArrowValueComparer.Compare(reader.Schema, ours, seenByJs.Schema, seenByJs.Batches));
    }

    private static ArrowJsonFile ReadWithApacheArrowJs(string path, string[]? dropColumns = null)
    {
        var script = Path.Combine(InteropDirectory, "read-arrow.mjs");
        if (!Directory.Exists(Path.Combine(InteropDirectory, "node_modules", "apache-arrow")))
        {
            throw new InvalidOperationException("tests/interop/node_modules/apache-arrow is missing: run eng/deps.sh (it runs npm ci there)");
        }
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(path);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node read-arrow.mjs {path} did not finish within a minute");
        }
        Assert.True(process.ExitCode == 0, $"apache-arrow could not read {path}: {stderr.Result}");
        stdout.Position = 0;
        if (dropColumns is null)
        {
            return IntegrationJsonReader.Read(stdout);
        }
        var root = JsonNode.Parse(stdout)!;
        var fields = root["schema"]!["fields"]!.AsArray();
        var drop = Enumerable.Range(0, fields.Count).Where(i => dropColumns.Contains(fields[i]!["name"]!.GetValue<string>())).Reverse().ToArray();
        foreach (var i in drop)
        {
            fields.RemoveAt(i);
            foreach (var batch in root["batches"]!.AsArray())
            {
                batch!["columns"]!.AsArray().RemoveAt(i);
            }
        }
        return IntegrationJsonReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(root.ToJsonString())));
    }

    private static string InteropDirectory { get; } = Path.Combine(Path.GetDirectoryName(ArrowFixtures.Directory)!, "..", "tests", "interop");

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
