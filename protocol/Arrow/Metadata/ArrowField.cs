namespace Casparian.Protocol.Arrow.Metadata;

/// <summary>How a field's values are dictionary-encoded: the dictionary id and the integer type of the indices.</summary>
public sealed record ArrowDictionaryEncoding(long Id, ArrowType IndexType, bool IsOrdered);

/// <summary>
/// A named column or child of a nested type. For a dictionary-encoded field <see cref="Type"/> is the type of the
/// dictionary's values and <see cref="Dictionary"/> says how the indices are stored.
/// </summary>
public sealed record ArrowField(string Name, ArrowType Type, bool Nullable)
{
    public IReadOnlyList<ArrowField> Children { get; init; } = [];

    public ArrowDictionaryEncoding? Dictionary { get; init; }

    /// <summary>Custom key/value metadata, in order (keys may repeat).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];
}

/// <summary>The columns of a stream or file, with the schema's custom metadata.</summary>
public sealed record ArrowSchema(IReadOnlyList<ArrowField> Fields)
{
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];

    /// <summary>Every dictionary-encoded field in the schema, by dictionary id (nested fields included).</summary>
    public IReadOnlyDictionary<long, ArrowField> DictionaryFields()
    {
        var result = new Dictionary<long, ArrowField>();
        void Visit(ArrowField f)
        {
            if (f.Dictionary is { } d && !result.TryAdd(d.Id, f))
            {
                throw new ArrowFormatException($"schema uses dictionary id {d.Id} for two fields ('{result[d.Id].Name}' and '{f.Name}'); ids must be unique");
            }
            foreach (var c in f.Children)
            {
                Visit(c);
            }
        }
        foreach (var f in Fields)
        {
            Visit(f);
        }
        return result;
    }
}
