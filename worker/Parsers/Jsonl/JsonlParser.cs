using System.Text;
using System.Text.Json;
using Casparian.Protocol.Arrow.Arrays.Builders;
using Casparian.Worker.Contracts;

namespace Casparian.Worker.Parsers.Jsonl;

/// <summary>
/// <c>builtin:jsonl</c>: one JSON object per line into one table, keys as columns. Columns are declared or inferred
/// from the first lines (keys in order of first appearance). A line that is not a JSON object is quarantined as
/// <c>row.malformed</c>; a value of the wrong JSON kind or type (a string where an integer is declared) with the type's
/// reason. A missing key is null; keys outside the contract are not stored. Nested objects and arrays are kept as
/// their JSON text in utf8 columns. Streams line by line.
/// </summary>
public sealed class JsonlParser : ContractParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    public JsonlParser(IJobOutputsFactory outputs, BuiltinParserOptions? options = null)
        : base(outputs, options)
    {
    }

    public override string Name => "jsonl";

    protected override IReadOnlyList<ContractColumn> InferColumns(string path, string table, CancellationToken cancellationToken)
    {
        using var stream = OpenInput(path);
        using var lines = new JsonlLineReader(stream, path, Options.MaxRecordBytes);
        var votes = new Dictionary<string, ColumnTypeVotes>(StringComparer.Ordinal);
        var order = new List<string>();
        using var scratch = new PooledByteBuffer(256);
        for (var sampled = 0; sampled < Options.SampleRows && lines.Read();)
        {
            if (IsBlank(lines.Line))
            {
                continue;
            }
            sampled++;
            try
            {
                var reader = new Utf8JsonReader(lines.Line, isFinalBlock: true, new JsonReaderState(ReaderOptions));
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    if (!votes.TryGetValue(name, out var vote))
                    {
                        if (votes.Count >= OutputContract.MaxColumns)
                        {
                            throw new ContractViolationException("jsonl.too_many_keys", $"'{path}' has more than {OutputContract.MaxColumns} distinct keys in its first lines; declare the columns instead");
                        }
                        vote = new ColumnTypeVotes();
                        votes.Add(name, vote);
                        order.Add(name);
                    }
                    reader.Read();
                    var kind = ReadValue(ref reader, lines.Line, scratch, out var text);
                    if (kind is { } k)
                    {
                        vote.Add(k, text);
                    }
                }
            }
            catch (JsonException)
            {
                // A malformed line tells nothing about the types; the parse pass quarantines it.
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (order.Count == 0)
        {
            throw new ContractViolationException("jsonl.no_objects", $"the first lines of '{path}' hold no JSON object with keys; a JSONL input needs one object per line");
        }
        return order.Select(name => new ContractColumn(name, votes[name].Decide(), Nullable: true)).ToArray();
    }

    protected override void ParseRows(string path, ContractBatchBuilder rows, CancellationToken cancellationToken)
    {
        using var stream = OpenInput(path);
        using var lines = new JsonlLineReader(stream, path, Options.MaxRecordBytes);
        using var scratch = new PooledByteBuffer(256);
        var names = rows.Contract.Columns.Select(c => Encoding.UTF8.GetBytes(c.Name)).ToArray();
        long count = 0;
        while (lines.Read())
        {
            if ((++count & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var line = lines.Line;
            if (IsBlank(line))
            {
                continue;
            }
            try
            {
                if (!StageObject(line, names, rows, scratch))
                {
                    rows.QuarantineRow(lines.LineNumber, QuarantineReasons.RowMalformed, line);
                    continue;
                }
            }
            catch (JsonException)
            {
                rows.QuarantineRow(lines.LineNumber, QuarantineReasons.RowMalformed, line);
                continue;
            }
            rows.EndRow(lines.LineNumber, line);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Stages one line's object as a row; false if the line is valid JSON but not one object.</summary>
    private static bool StageObject(ReadOnlySpan<byte> line, byte[][] names, ContractBatchBuilder rows, PooledByteBuffer scratch)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        rows.BeginRow();
        var hint = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = FindColumn(ref reader, names, hint);
            reader.Read();
            if (column < 0)
            {
                reader.Skip();
                continue;
            }
            hint = column + 1;
            var kind = ReadValue(ref reader, line, scratch, out var text);
            if (kind is { } k)
            {
                rows.SetValue(column, k, text);
            }
            else
            {
                rows.SetNull(column);
            }
        }
        // Anything after the object (a second value, garbage) makes the reader throw here.
        return !reader.Read();
    }

    /// <summary>The column a property names; tries the column after the previous one first (keys usually keep their order).</summary>
    private static int FindColumn(ref Utf8JsonReader reader, byte[][] names, int hint)
    {
        for (var i = 0; i < names.Length; i++)
        {
            var c = (hint + i) % names.Length;
            if (reader.ValueTextEquals(names[c]))
            {
                return c;
            }
        }
        return -1;
    }

    /// <summary>The kind and text of the value at the reader (null for JSON null); strings are unescaped into <paramref name="scratch"/>.</summary>
    private static ValueKind? ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, PooledByteBuffer scratch, out ReadOnlySpan<byte> text)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                text = default;
                return null;
            case JsonTokenType.True:
                text = "true"u8;
                return ValueKind.Bool;
            case JsonTokenType.False:
                text = "false"u8;
                return ValueKind.Bool;
            case JsonTokenType.Number:
                text = reader.ValueSpan;
                return ValueKind.Number;
            case JsonTokenType.String when !reader.ValueIsEscaped:
                text = reader.ValueSpan;
                return ValueKind.String;
            case JsonTokenType.String:
                scratch.Reset();
                var room = scratch.Grow(reader.ValueSpan.Length);
                var written = reader.CopyString(room);
                text = room[..written];
                return ValueKind.String;
            default:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                text = line[start..(int)reader.BytesConsumed];
                return ValueKind.Composite;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t"u8).IsEmpty;
}
