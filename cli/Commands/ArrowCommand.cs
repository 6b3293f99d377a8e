using System.CommandLine;
using Casparian.Native.Compression;
using Casparian.Protocol.Arrow;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Ipc;
using Casparian.Protocol.Arrow.Json;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Cli.Commands;

/// <summary>
/// <c>casparian arrow</c>: tools for plugin authors and for conformance against the Arrow integration files —
/// inspect a stream or file, convert it to and from the integration JSON format, and validate it value by value.
/// </summary>
internal static class ArrowCommand
{
    public static Command Create()
    {
        var command = new Command("arrow", "Inspect, convert and validate Arrow IPC streams and files.");
        command.Subcommands.Add(Inspect());
        command.Subcommands.Add(ToJson());
        command.Subcommands.Add(FromJson());
        command.Subcommands.Add(Validate());
        return command;
    }

    private static ArrowReadOptions ReadOptions => new() { Codecs = ArrowCodecs.All };

    private static Command Inspect()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An Arrow IPC stream or file." };
        var command = new Command("inspect", "Print the schema, the batches and their row counts.") { file };
        command.SetAction(parse => Guarded(() =>
        {
            using var data = ArrowData.Open(parse.GetValue(file)!.FullName, ReadOptions);
            var output = Console.Out;
            output.WriteLine($"format: {data.Format}");
            output.WriteLine("schema:");
            foreach (var field in data.Schema.Fields)
            {
                WriteField(output, field, "  ");
            }
            foreach (var (key, value) in data.Schema.Metadata)
            {
                output.WriteLine($"  metadata {key} = {value}");
            }
            long rows = 0;
            for (var i = 0; i < data.Batches.Count; i++)
            {
                output.WriteLine($"batch {i}: {data.Batches[i].Length} rows");
                rows += data.Batches[i].Length;
            }
            output.WriteLine($"total: {data.Batches.Count} batches, {rows} rows");
            return 0;
        }));
        return command;
    }

    private static void WriteField(TextWriter output, ArrowField field, string indent)
    {
        var dictionary = field.Dictionary is { } d ? $" dictionary(id={d.Id}, index={d.IndexType}{(d.IsOrdered ? ", ordered" : "")})" : "";
        output.WriteLine($"{indent}{field.Name}: {field.Type}{(field.Nullable ? "" : " not null")}{dictionary}");
        foreach (var (key, value) in field.Metadata)
        {
            output.WriteLine($"{indent}  metadata {key} = {value}");
        }
        foreach (var child in field.Children)
        {
            WriteField(output, child, indent + "  ");
        }
    }

    private static Command ToJson()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An Arrow IPC stream or file." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the JSON here instead of standard output." };
        var command = new Command("to-json", "Convert an Arrow IPC stream or file to the Arrow integration JSON format.") { file, output };
        command.SetAction(parse => Guarded(() =>
        {
            using var data = ArrowData.Open(parse.GetValue(file)!.FullName, ReadOptions);
            var target = parse.GetValue(output);
            using var stream = target is null ? Console.OpenStandardOutput() : File.Create(target.FullName);
            IntegrationJsonWriter.Write(stream, data.Schema, data.Batches);
            return 0;
        }));
        return command;
    }

    private static Command FromJson()
    {
        var json = new Argument<FileInfo>("JSON") { Description = "An Arrow integration JSON file (.json or .json.gz)." };
        var output = new Argument<FileInfo>("OUT") { Description = "Where to write the Arrow IPC data." };
        var format = new Option<string>("--format") { Description = "stream (default) or file.", DefaultValueFactory = _ => "stream" };
        var compression = new Option<string>("--compression") { Description = "none (default), lz4 or zstd.", DefaultValueFactory = _ => "none" };
        var command = new Command("from-json", "Write an Arrow IPC stream or file from the Arrow integration JSON format.") { json, output, format, compression };
        command.SetAction(parse => Guarded(() =>
        {
            var content = IntegrationJsonReader.ReadFile(parse.GetValue(json)!.FullName);
            var codec = parse.GetValue(compression) switch
            {
                "none" => null,
                "lz4" => (IArrowCompressionCodec)new Lz4FrameCodec(),
                "zstd" => new ZstdCodec(),
                var other => throw new ArgumentException($"unknown compression '{other}': use none, lz4 or zstd"),
            };
            var options = new ArrowWriteOptions { Codec = codec };
            using var stream = File.Create(parse.GetValue(output)!.FullName);
            switch (parse.GetValue(format))
            {
                case "stream":
                    using (var writer = new ArrowStreamWriter(stream, content.Schema, options))
                    {
                        WriteAll(writer, content);
                    }
                    break;
                case "file":
                    using (var writer = new ArrowFileWriter(stream, content.Schema, options))
                    {
                        WriteAll(writer, content);
                    }
                    break;
                default:
                    throw new ArgumentException($"unknown format '{parse.GetValue(format)}': use stream or file");
            }
            return 0;
        }));
        return command;
    }

    private static void WriteAll(IArrowBatchWriter writer, ArrowJsonFile content)
    {
        foreach (var batch in content.Batches)
        {
            writer.Write(batch);
        }
    }

    private static Command Validate()
    {
        var json = new Option<FileInfo>("--json") { Description = "The expected values, as Arrow integration JSON (.json or .json.gz).", Required = true };
        var arrow = new Option<FileInfo>("--arrow") { Description = "The Arrow IPC stream or file to check.", Required = true };
        var command = new Command("validate", "Exit 0 only if every value of the Arrow data matches the JSON.") { json, arrow };
        command.SetAction(parse => Guarded(() =>
        {
            var expected = IntegrationJsonReader.ReadFile(parse.GetValue(json)!.FullName);
            using var actual = ArrowData.Open(parse.GetValue(arrow)!.FullName, ReadOptions);
            var diffs = ArrowValueComparer.Compare(expected.Schema, expected.Batches, actual.Schema, actual.Batches);
            if (diffs.Count > 0)
            {
                foreach (var diff in diffs)
                {
                    Console.Error.WriteLine($"mismatch: {diff}");
                }
                return 1;
            }
            Console.Out.WriteLine($"ok: {actual.Batches.Count} batches, {actual.Batches.Sum(b => (long)b.Length)} rows, every value matches");
            return 0;
        }));
        return command;
    }

    // Bad input is the user's to fix: one line naming the problem, exit code 1, no stack trace.
    private static int Guarded(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is ArrowFormatException or FormatException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"casparian arrow: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Everything read from one stream or file, kept alive together (batches are slices of the bytes).</summary>
    private sealed class ArrowData : IDisposable
    {
        private readonly IDisposable _reader;

        private ArrowData(string format, ArrowSchema schema, List<RecordBatch> batches, IDisposable reader)
        {
            Format = format;
            Schema = schema;
            Batches = batches;
            _reader = reader;
        }

        public string Format { get; }

        public ArrowSchema Schema { get; }

        public List<RecordBatch> Batches { get; }

        public static ArrowData Open(string path, ArrowReadOptions options)
        {
            var bytes = File.ReadAllBytes(path);
            if (ArrowFileReader.HasFileMagic(bytes))
            {
                var file = new ArrowFileReader(bytes, options);
                var batches = new List<RecordBatch>();
                for (var i = 0; i < file.RecordBatchCount; i++)
                {
                    batches.Add(file.ReadRecordBatch(i));
                }
                return new ArrowData("file", file.Schema, batches, file);
            }
            var reader = new ArrowStreamReader(bytes, options);
            return new ArrowData("stream", reader.Schema, reader.ReadAll().ToList(), reader);
        }

        public void Dispose()
        {
            foreach (var batch in Batches)
            {
                batch.Dispose();
            }
            _reader.Dispose();
        }
    }
}
