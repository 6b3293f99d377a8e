using System.Text;
using System.Text.Json;
using Casparian.Protocol.Arrow.Metadata;
using Casparian.Protocol.Identity;

namespace Casparian.Protocol.Plugins;

/// <summary>
/// The schema an output promises, as plugin bundles declare it (<c>schemas/NAME.json</c>):
/// <c>{"columns":[{"name":"ts","type":"timestamp","nullable":false}, …]}</c>. Its <see cref="Hash"/> (the
/// <c>schema_hash</c> of DESIGN §5) is the BLAKE3 of its canonical JSON, so formatting never changes it while any
/// change of a name, type, nullability or column order does. Builtin parsers that infer columns per file use the
/// pseudo-schema <see cref="Inferred"/>.
/// </summary>
public sealed class OutputSchema
{
    /// <summary>Most columns one output may declare.</summary>
    public const int MaxColumns = 4096;

    /// <summary>The prefix of the lineage columns the worker adds; no plugin may declare or emit one.</summary>
    public const string ReservedPrefix = "_cf_";

    private OutputSchema(IReadOnlyList<OutputColumn> columns, string? inferredBy)
    {
        Columns = columns;
        InferredBy = inferredBy;
        CanonicalJson = Encoding.UTF8.GetString(Identity.CanonicalJson.Canonicalize(Describe()));
        Hash = SchemaHash.Of(CanonicalJson);
    }

    /// <summary>The declared columns, in order (empty for an inferred schema).</summary>
    public IReadOnlyList<OutputColumn> Columns { get; }

    /// <summary>The builtin parser that infers this output's columns per file, or null for a declared schema.</summary>
    public string? InferredBy { get; }

    /// <summary>The canonical JSON text (sorted keys, no whitespace, NFC).</summary>
    public string CanonicalJson { get; }

    /// <summary>The schema hash: BLAKE3 of <see cref="CanonicalJson"/>, 64 lowercase hex digits.</summary>
    public string Hash { get; }

    /// <summary>A declared schema.</summary>
    /// <exception cref="PluginSchemaException">Empty, too wide, a duplicate or reserved name.</exception>
    public static OutputSchema Of(IReadOnlyList<OutputColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count is 0 or > MaxColumns)
        {
            throw new PluginSchemaException(PluginSchemaException.Invalid, $"an output schema declares {columns.Count} columns; declare between 1 and {MaxColumns}");
        }
        // Names are identity (they are hashed and become table columns), so they are kept in NFC like the hash sees them.
        columns = columns.Select(c => c with { Name = UnicodeNfc.Normalize(c.Name ?? string.Empty) }).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (string.IsNullOrEmpty(column.Name) || column.Name.Contains('\0', StringComparison.Ordinal))
            {
                throw new PluginSchemaException(PluginSchemaException.Invalid, "an output column has an empty or NUL-containing name; name every column");
            }
            if (column.Name.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase))
            {
                throw new PluginSchemaException(PluginSchemaException.ReservedColumn,
                    $"column '{column.Name}' uses the '{ReservedPrefix}' namespace reserved for the lineage columns the worker adds; rename it");
            }
            if (!seen.Add(column.Name))
            {
                throw new PluginSchemaException(PluginSchemaException.Invalid, $"column '{column.Name}' is declared twice; rename one of them");
            }
            if (!Enum.IsDefined(column.Type))
            {
                throw new PluginSchemaException(PluginSchemaException.UnsupportedType, $"column '{column.Name}' has an unknown type");
            }
        }
        return new OutputSchema([.. columns], null);
    }

    /// <summary>The pseudo-schema of an output whose columns a builtin parser infers per file, e.g. <c>builtin:csv</c>.</summary>
    public static OutputSchema Inferred(string parser)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parser);
        return new OutputSchema([], parser);
    }

    /// <summary>Reads schema JSON.</summary>
    /// <exception cref="PluginSchemaException">The JSON is malformed or breaks a rule; the message names the key.</exception>
    public static OutputSchema Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new PluginSchemaException(PluginSchemaException.Invalid, $"the schema is not JSON ({ex.Message}); write {{\"columns\":[{{\"name\":…,\"type\":…,\"nullable\":…}}]}}", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("the schema must be a JSON object with one key, \"columns\"");
            }
            if (root.TryGetProperty("inferred", out var inferred) && inferred.ValueKind == JsonValueKind.String && CountProperties(root) == 1)
            {
                return Inferred(inferred.GetString()!);
            }
            if (CountProperties(root) != 1 || !root.TryGetProperty("columns", out var columns) || columns.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("the schema must be a JSON object with exactly one key, \"columns\", holding an array");
            }
            var parsed = new List<OutputColumn>();
            var index = 0;
            foreach (var column in columns.EnumerateArray())
            {
                parsed.Add(ParseColumn(column, index++));
                if (parsed.Count > MaxColumns)
                {
                    break;
                }
            }
            return Of(parsed);
        }
    }

    /// <summary>The schema an Arrow schema declares (field names, types and nullability, in order).</summary>
    /// <exception cref="PluginSchemaException">A field has a type outputs cannot declare, or a reserved name.</exception>
    public static OutputSchema FromArrowSchema(ArrowSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var columns = new List<OutputColumn>(schema.Fields.Count);
        foreach (var field in schema.Fields)
        {
            if (field.Name.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase))
            {
                throw new PluginSchemaException(PluginSchemaException.ReservedColumn,
                    $"column '{field.Name}' uses the '{ReservedPrefix}' namespace reserved for the lineage columns the worker adds; rename it in the plugin");
            }
            if (field.Dictionary is not null || !OutputColumnTypes.TryFromArrow(field.Type, out var type))
            {
                throw new PluginSchemaException(PluginSchemaException.UnsupportedType,
                    $"column '{field.Name}' has Arrow type {field.Type}{(field.Dictionary is null ? "" : " (dictionary-encoded)")}; outputs use {string.Join(", ", OutputColumnTypes.Names)}");
            }
            columns.Add(new OutputColumn(field.Name, type, field.Nullable));
        }
        return Of(columns);
    }

    /// <summary>The Arrow schema of the output's rows (before lineage columns are added).</summary>
    public ArrowSchema ToArrowSchema()
    {
        if (InferredBy is not null)
        {
            throw new InvalidOperationException($"the columns of an output inferred by {InferredBy} are only known per file");
        }
        return new ArrowSchema(Columns.Select(c => new ArrowField(c.Name, c.Type.ToArrow(), c.Nullable)).ToArray());
    }

    public override string ToString() => CanonicalJson;

    private string Describe()
    {
        if (InferredBy is not null)
        {
            return JsonSerializer.Serialize(new Dictionary<string, string> { ["inferred"] = InferredBy }, PluginsJsonContext.Default.DictionaryStringString);
        }
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("columns");
            foreach (var column in Columns)
            {
                writer.WriteStartObject();
                writer.WriteString("name", column.Name);
                writer.WriteString("type", column.Type.Name());
                writer.WriteBoolean("nullable", column.Nullable);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static OutputColumn ParseColumn(JsonElement column, int index)
    {
        if (column.ValueKind != JsonValueKind.Object || CountProperties(column) != 3
            || !column.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
            || !column.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
            || !column.TryGetProperty("nullable", out var nullable) || nullable.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw Invalid($"columns[{index}] must be an object with exactly \"name\" (string), \"type\" (string) and \"nullable\" (true or false)");
        }
        var typeName = type.GetString()!;
        if (!OutputColumnTypes.TryParse(typeName, out var parsed))
        {
            throw new PluginSchemaException(PluginSchemaException.UnsupportedType,
                $"columns[{index}] ('{name.GetString()}') has type '{typeName}'; use one of {string.Join(", ", OutputColumnTypes.Names)}");
        }
        return new OutputColumn(name.GetString()!, parsed, nullable.GetBoolean());
    }

    private static int CountProperties(JsonElement element)
    {
        var count = 0;
        foreach (var _ in element.EnumerateObject())
        {
            count++;
        }
        return count;
    }

    private static PluginSchemaException Invalid(string message) => new(PluginSchemaException.Invalid, message);
}
