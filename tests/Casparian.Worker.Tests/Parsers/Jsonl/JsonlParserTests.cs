using Casparian.Testing;
using Casparian.Worker.Contracts;
using Casparian.Worker.Execution;
using Casparian.Worker.Lineage;
using Casparian.Worker.Parsers;
using Casparian.Worker.Parsers.Jsonl;
using Casparian.Worker.Runtimes.Builtin;

namespace Casparian.Worker.Tests.Parsers.Jsonl;

public sealed class JsonlParserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-jsonl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Demo_events_yield_298_good_rows_and_2_quarantined_with_reasons()
    {
        var outputs = new CollectingOutputs();
        var runtime = new BuiltinRuntime(TableParsers.Create(outputs));
        var path = RepoPaths.Fixture("demo", "jsonl", "process-events.jsonl");

        var outcome = await runtime.RunAsync(ParserJobs.For(path, "events", "builtin:jsonl"), CancellationToken.None);

        Assert.Equal(298, outcome.Outputs[0].Rows);
        Assert.Equal(2, outcome.Outputs[0].QuarantinedRows);
        Assert.Equal(298, outputs.RowCounts["events"]);
        Assert.Equal(["43", "201"], outputs.Column("events__quarantine", "row_number"));
        Assert.Equal(["row.malformed", "type.int64"], outputs.Column("events__quarantine", "reason"));
        Assert.Equal([null, "pid"], outputs.Column("events__quarantine", "column"));
        Assert.Equal([null, "four"], outputs.Column("events__quarantine", "raw_value"));
        var lines = File.ReadAllLines(path);
        Assert.Equal([lines[42], lines[200]], outputs.Column("events__quarantine", "raw_line"));
    }

    [Fact]
    public async Task Demo_events_infer_types_and_keep_values()
    {
        var outputs = new CollectingOutputs();
        var path = RepoPaths.Fixture("demo", "jsonl", "process-events.jsonl");

        await new JsonlParser(outputs).RunAsync(ParserJobs.For(path, "events", "builtin:jsonl", jobId: 5), CancellationToken.None);

        var fields = outputs.Schemas["events"].Fields;
        Assert.Equal(["ts", "host", "pid", "image", "user", "parent_pid"], fields.Take(6).Select(f => f.Name));
        Assert.Equal(["timestamp[Microsecond, UTC]", "utf8", "int64", "utf8", "utf8", "int64"], fields.Take(6).Select(f => f.Type.ToString()));
        // Line 1: {"ts":"2026-03-04T00:00:13Z","host":"WS-0177","pid":57524,"image":"rundll32.exe","user":"bob","parent_pid":4670}
        Assert.Equal("2026-03-04T00:00:13.000000Z", outputs.Column("events", "ts")[0]);
        Assert.Equal("WS-0177", outputs.Column("events", "host")[0]);
        Assert.Equal("57524", outputs.Column("events", "pid")[0]);
        Assert.Equal("rundll32.exe", outputs.Column("events", "image")[0]);
        Assert.Equal("4670", outputs.Column("events", "parent_pid")[0]);
        // Every good line's pid, checked against System.Text.Json's own reading of the file.
        var expected = File.ReadLines(path).Where((_, i) => i is not 42 and not 200)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("pid").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, outputs.Column("events", "pid"));
        Assert.All(outputs.Column("events", LineageColumns.JobId), v => Assert.Equal("5", v));
    }

    [Fact]
    public async Task Declared_columns_check_json_kinds_nulls_and_nesting()
    {
        var path = Path.Combine(_dir, "mixed.jsonl");
        await File.WriteAllLinesAsync(path,
        [
            """{"id": 1, "name": "a\"b\u00e9", "ok": true, "score": 1.5, "tags": ["x", {"y": 2}], "extra": 9}""",
            """{"id": "2", "name": "b", "ok": false, "score": 2}""",
            """{"name": "c", "ok": true, "score": 3}""",
            "",
            """[1, 2, 3]""",
            """{"id": 4, "name": null, "ok": "yes", "score": 4}""",
            """{"id": 5, "name": "e", "ok": false, "score": 5} trailing""",
            """{"id": 6, "name": "f", "ok": null, "score": 6e2, "tags": null}""",
        ]);
        var declared = new Dictionary<string, IReadOnlyList<ContractColumn>>
        {
            ["t"] =
            [
                new("id", ColumnType.Int64, false), new("name", ColumnType.Utf8, true), new("ok", ColumnType.Bool, true),
                new("score", ColumnType.Float64, false), new("tags", ColumnType.Utf8, true),
            ],
        };
        var outputs = new CollectingOutputs();

        await new JsonlParser(outputs, new() { DeclaredColumns = declared }).RunAsync(ParserJobs.For(path, "t", "builtin:jsonl"), CancellationToken.None);

        Assert.Equal(["1", "6"], outputs.Column("t", "id"));
        Assert.Equal(["a\"b\u00e9", "f"], outputs.Column("t", "name"));
        Assert.Equal(["true", null], outputs.Column("t", "ok"));
        Assert.Equal(["1.5", "600"], outputs.Column("t", "score"));
        Assert.Equal(["""["x", {"y": 2}]""", null], outputs.Column("t", "tags"));
        Assert.Equal(["2", "3", "5", "6", "7"], outputs.Column("t__quarantine", "row_number"));
        Assert.Equal(["type.int64", "null.not_nullable", "row.malformed", "type.bool", "row.malformed"], outputs.Column("t__quarantine", "reason"));
        Assert.Equal(["id", "id", null, "ok", null], outputs.Column("t__quarantine", "column"));
        Assert.Equal(["2", null, null, "yes", null], outputs.Column("t__quarantine", "raw_value"));
    }

    [Fact]
    public async Task A_key_in_the_reserved_namespace_fails_the_job_with_contract_reserved_column()
    {
        var path = Path.Combine(_dir, "reserved.jsonl");
        await File.WriteAllLinesAsync(path, ["""{"a": 1, "_cf_job_id": 3}"""]);
        var outputs = new CollectingOutputs();

        var error = await Assert.ThrowsAsync<JobFailedException>(() => new JsonlParser(outputs).RunAsync(ParserJobs.For(path, "t", "builtin:jsonl"), CancellationToken.None));

        Assert.Equal(LineageColumns.ReservedColumnReason, error.Code);
        Assert.Equal(FailureKind.Permanent, error.Kind);
        Assert.Contains("_cf_job_id", error.Message, StringComparison.Ordinal);
        Assert.False(outputs.Completed);
    }
}
