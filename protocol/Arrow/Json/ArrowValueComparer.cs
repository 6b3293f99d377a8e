using System.Text;
using System.Text.Json;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Json;

/// <summary>
/// Compares two readings of the same data value by value: schema (names, types, nullability, dictionary encoding,
/// custom metadata), batch count and lengths, and every slot's validity and (when valid) value. Dictionary-encoded
/// columns are compared by the values their indices select, so two writers that number a dictionary differently
/// still match.
/// </summary>
public static class ArrowValueComparer
{
    /// <summary>Returns the differences found, at most <paramref name="limit"/>; empty means everything matches.</summary>
    public static IReadOnlyList<string> Compare(ArrowSchema expectedSchema, IReadOnlyList<RecordBatch> expected,
        ArrowSchema actualSchema, IReadOnlyList<RecordBatch> actual, int limit = 20)
    {
        var diffs = new List<string>();
        CompareSchemas(expectedSchema, actualSchema, diffs);
        if (diffs.Count > 0)
        {
            return diffs;
        }
        if (expected.Count != actual.Count)
        {
            diffs.Add($"expected {expected.Count} batches, found {actual.Count}");
            return diffs;
        }
        for (var b = 0; b < expected.Count && diffs.Count < limit; b++)
        {
            if (expected[b].Length != actual[b].Length)
            {
                diffs.Add($"batch {b}: expected {expected[b].Length} rows, found {actual[b].Length}");
                continue;
            }
            for (var c = 0; c < expectedSchema.Fields.Count && diffs.Count < limit; c++)
            {
                var field = expectedSchema.Fields[c];
                var e = expected[b].Columns[c];
                var a = actual[b].Columns[c];
                if (e.Length != a.Length)
                {
                    diffs.Add($"batch {b}, column '{field.Name}': expected {e.Length} values, found {a.Length}");
                    continue;
                }
                for (var row = 0; row < e.Length && diffs.Count < limit; row++)
                {
                    if (!SlotEquals(field, e, row, a, row))
                    {
                        diffs.Add($"batch {b}, column '{field.Name}', row {row}: expected {Render(field, e, row)}, found {Render(field, a, row)}");
                    }
                }
            }
        }
        return diffs;
    }

    private static void CompareSchemas(ArrowSchema expected, ArrowSchema actual, List<string> diffs)
    {
        if (!expected.Metadata.SequenceEqual(actual.Metadata))
        {
            diffs.Add("schema custom metadata differs");
        }
        CompareFields("", expected.Fields, actual.Fields, diffs);
    }

    private static void CompareFields(string path, IReadOnlyList<ArrowField> expected, IReadOnlyList<ArrowField> actual, List<string> diffs)
    {
        if (expected.Count != actual.Count)
        {
            diffs.Add($"{(path.Length == 0 ? "schema" : path)}: expected {expected.Count} fields, found {actual.Count}");
            return;
        }
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            var name = path + (path.Length == 0 ? "" : ".") + e.Name;
            if (e.Name != a.Name)
            {
                diffs.Add($"field {i} of {(path.Length == 0 ? "schema" : path)}: expected name '{e.Name}', found '{a.Name}'");
            }
            if (e.Type != a.Type)
            {
                diffs.Add($"field '{name}': expected type {e.Type}, found {a.Type}");
            }
            if (e.Nullable != a.Nullable)
            {
                diffs.Add($"field '{name}': expected nullable={e.Nullable}, found {a.Nullable}");
            }
            if (e.Dictionary?.IndexType != a.Dictionary?.IndexType || e.Dictionary?.IsOrdered != a.Dictionary?.IsOrdered)
            {
                diffs.Add($"field '{name}': dictionary encoding differs ({e.Dictionary} vs {a.Dictionary})");
            }
            if (!e.Metadata.SequenceEqual(a.Metadata))
            {
                diffs.Add($"field '{name}': custom metadata differs");
            }
            CompareFields(name, e.Children, a.Children, diffs);
        }
    }

    private static bool SlotEquals(ArrowField field, ArrowArray a, int i, ArrowArray b, int j)
    {
        var valid = a.IsValid(i);
        if (valid != b.IsValid(j))
        {
            return false;
        }
        if (!valid)
        {
            return true;
        }
        if (field.Dictionary is not null)
        {
            var valueField = field with { Dictionary = null };
            return SlotEquals(valueField, a.Dictionary!, a.DictionaryIndex(i), b.Dictionary!, b.DictionaryIndex(j));
        }
        var type = field.Type;
        switch (type.Layout)
        {
            case ArrowLayout.Null:
                return true;
            case ArrowLayout.FixedWidth:
                return type.Id == ArrowTypeId.Bool ? a.Bool(i) == b.Bool(j) : a.FixedBytes(i).SequenceEqual(b.FixedBytes(j));
            case ArrowLayout.VariableBinary:
            case ArrowLayout.LargeVariableBinary:
                return a.Bytes(i).SequenceEqual(b.Bytes(j));
            case ArrowLayout.List:
            case ArrowLayout.LargeList:
            {
                var (sa, ea) = a.Range(i);
                var (sb, eb) = b.Range(j);
                if (ea - sa != eb - sb)
                {
                    return false;
                }
                for (long k = 0; k < ea - sa; k++)
                {
                    if (!SlotEquals(field.Children[0], a.Children[0], (int)(sa + k), b.Children[0], (int)(sb + k)))
                    {
                        return false;
                    }
                }
                return true;
            }
            case ArrowLayout.FixedSizeList:
                for (var k = 0; k < type.ListSize; k++)
                {
                    if (!SlotEquals(field.Children[0], a.Children[0], (i * type.ListSize) + k, b.Children[0], (j * type.ListSize) + k))
                    {
                        return false;
                    }
                }
                return true;
            case ArrowLayout.Struct:
                for (var c = 0; c < field.Children.Count; c++)
                {
                    if (!SlotEquals(field.Children[c], a.Children[c], i, b.Children[c], j))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>Renders one slot for a mismatch message.</summary>
    private static string Render(ArrowField field, ArrowArray array, int i)
    {
        if (!array.IsValid(i))
        {
            return "null";
        }
        if (field.Dictionary is not null)
        {
            return Render(field with { Dictionary = null }, array.Dictionary!, array.DictionaryIndex(i));
        }
        switch (field.Type.Layout)
        {
            case ArrowLayout.FixedWidth:
            case ArrowLayout.VariableBinary:
            case ArrowLayout.LargeVariableBinary:
                using (var stream = new MemoryStream())
                {
                    using (var w = new Utf8JsonWriter(stream))
                    {
                        IntegrationJsonWriter.Value(w, array, i);
                    }
                    return Encoding.UTF8.GetString(stream.ToArray());
                }
            case ArrowLayout.List:
            case ArrowLayout.LargeList:
                var (s, e) = array.Range(i);
                return "[" + string.Join(", ", Enumerable.Range((int)s, (int)(e - s)).Select(k => Render(field.Children[0], array.Children[0], k))) + "]";
            case ArrowLayout.FixedSizeList:
                var size = field.Type.ListSize;
                return "[" + string.Join(", ", Enumerable.Range(i * size, size).Select(k => Render(field.Children[0], array.Children[0], k))) + "]";
            case ArrowLayout.Struct:
                return "{" + string.Join(", ", field.Children.Select((c, k) => c.Name + ": " + Render(c, array.Children[k], i))) + "}";
            default:
                return "?";
        }
    }
}
