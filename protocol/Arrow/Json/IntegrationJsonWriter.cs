using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Json;

/// <summary>Writes schema, dictionaries and batches in the Arrow integration JSON format.</summary>
public static class IntegrationJsonWriter
{
    public static void Write(Stream output, ArrowSchema schema, IEnumerable<RecordBatch> batches)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        var dictionaryFields = schema.DictionaryFields();
        var dictionaries = new SortedDictionary<long, ArrowArray>();
        w.WriteStartObject();
        w.WritePropertyName("schema");
        w.WriteStartObject();
        w.WriteStartArray("fields");
        foreach (var f in schema.Fields)
        {
            Field(w, f);
        }
        w.WriteEndArray();
        Metadata(w, schema.Metadata);
        w.WriteEndObject();
        w.WriteStartArray("batches");
        foreach (var batch in batches)
        {
            w.WriteStartObject();
            w.WriteNumber("count", batch.Length);
            w.WriteStartArray("columns");
            for (var i = 0; i < batch.Columns.Count; i++)
            {
                Column(w, schema.Fields[i], batch.Columns[i], dictionaries);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (dictionaries.Count > 0)
        {
            w.WriteStartArray("dictionaries");
            foreach (var (id, values) in dictionaries)
            {
                w.WriteStartObject();
                w.WriteNumber("id", id);
                w.WritePropertyName("data");
                w.WriteStartObject();
                w.WriteNumber("count", values.Length);
                w.WriteStartArray("columns");
                Column(w, dictionaryFields[id] with { Name = "DICT" + id.ToString(CultureInfo.InvariantCulture), Dictionary = null }, values, dictionaries);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void Field(Utf8JsonWriter w, ArrowField f)
    {
        w.WriteStartObject();
        w.WriteString("name", f.Name);
        w.WritePropertyName("type");
        IntegrationJsonTypes.Write(w, f.Type);
        w.WriteBoolean("nullable", f.Nullable);
        w.WriteStartArray("children");
        foreach (var c in f.Children)
        {
            Field(w, c);
        }
        w.WriteEndArray();
        if (f.Dictionary is { } d)
        {
            w.WritePropertyName("dictionary");
            w.WriteStartObject();
            w.WriteNumber("id", d.Id);
            w.WritePropertyName("indexType");
            IntegrationJsonTypes.Write(w, d.IndexType);
            w.WriteBoolean("isOrdered", d.IsOrdered);
            w.WriteEndObject();
        }
        Metadata(w, f.Metadata);
        w.WriteEndObject();
    }

    private static void Metadata(Utf8JsonWriter w, IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        if (metadata.Count == 0)
        {
            return;
        }
        w.WriteStartArray("metadata");
        foreach (var (key, value) in metadata)
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Column(Utf8JsonWriter w, ArrowField field, ArrowArray array, SortedDictionary<long, ArrowArray> dictionaries)
    {
        w.WriteStartObject();
        w.WriteString("name", field.Name);
        w.WriteNumber("count", array.Length);
        if (field.Type.Id != ArrowTypeId.Null || field.Dictionary is not null)
        {
            w.WriteStartArray("VALIDITY");
            for (var i = 0; i < array.Length; i++)
            {
                w.WriteNumberValue(array.IsValid(i) ? 1 : 0);
            }
            w.WriteEndArray();
        }
        if (field.Dictionary is { } encoding)
        {
            dictionaries[encoding.Id] = array.Dictionary!;
            Data(w, array);
            w.WriteEndObject();
            return;
        }
        var layout = field.Type.Layout;
        if (layout is ArrowLayout.VariableBinary or ArrowLayout.LargeVariableBinary or ArrowLayout.List or ArrowLayout.LargeList)
        {
            var large = layout is ArrowLayout.LargeVariableBinary or ArrowLayout.LargeList;
            w.WriteStartArray("OFFSET");
            for (var i = 0; i <= array.Length; i++)
            {
                var offset = array.Offset(i);
                if (large)
                {
                    w.WriteStringValue(offset.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    w.WriteNumberValue(offset);
                }
            }
            w.WriteEndArray();
        }
        if (layout is ArrowLayout.FixedWidth or ArrowLayout.VariableBinary or ArrowLayout.LargeVariableBinary)
        {
            Data(w, array);
        }
        if (field.Children.Count > 0)
        {
            w.WriteStartArray("children");
            for (var i = 0; i < field.Children.Count; i++)
            {
                Column(w, field.Children[i], array.Children[i], dictionaries);
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void Data(Utf8JsonWriter w, ArrowArray array)
    {
        w.WriteStartArray("DATA");
        for (var i = 0; i < array.Length; i++)
        {
            Value(w, array, i);
        }
        w.WriteEndArray();
    }

    /// <summary>Writes value <paramref name="i"/> as the integration format spells it (64-bit integers as strings).</summary>
    internal static void Value(Utf8JsonWriter w, ArrowArray array, int i)
    {
        var type = array.Type;
        var inv = CultureInfo.InvariantCulture;
        switch (type.Id)
        {
            case ArrowTypeId.Bool:
                w.WriteBooleanValue(array.Bool(i));
                break;
            case ArrowTypeId.Utf8:
            case ArrowTypeId.LargeUtf8:
                w.WriteStringValue(Encoding.UTF8.GetString(array.Bytes(i)));
                break;
            case ArrowTypeId.Binary:
            case ArrowTypeId.LargeBinary:
                w.WriteStringValue(Convert.ToHexString(array.Bytes(i)));
                break;
            case ArrowTypeId.FixedSizeBinary:
                w.WriteStringValue(Convert.ToHexString(array.FixedBytes(i)));
                break;
            case ArrowTypeId.FloatingPoint:
                var span = array.Values.Span;
                double d = type.FloatPrecision switch
                {
                    ArrowFloatPrecision.Half => (double)BinaryPrimitives.ReadHalfLittleEndian(span[(i * 2)..]),
                    ArrowFloatPrecision.Single => BinaryPrimitives.ReadSingleLittleEndian(span[(i * 4)..]),
                    _ => BinaryPrimitives.ReadDoubleLittleEndian(span[(i * 8)..]),
                };
                if (!double.IsFinite(d))
                {
                    w.WriteStringValue(d.ToString(inv));
                }
                else if (type.FloatPrecision == ArrowFloatPrecision.Single)
                {
                    w.WriteRawValue(((float)d).ToString("R", inv));
                }
                else if (type.FloatPrecision == ArrowFloatPrecision.Half)
                {
                    w.WriteRawValue(((float)d).ToString("R", inv));
                }
                else
                {
                    w.WriteNumberValue(d);
                }
                break;
            case ArrowTypeId.Decimal:
                w.WriteStringValue(new BigInteger(array.FixedBytes(i), isUnsigned: false, isBigEndian: false).ToString(inv));
                break;
            case ArrowTypeId.Interval when type.IntervalUnit == ArrowIntervalUnit.DayTime:
                var dt = array.FixedBytes(i);
                w.WriteStartObject();
                w.WriteNumber("days", BinaryPrimitives.ReadInt32LittleEndian(dt));
                w.WriteNumber("milliseconds", BinaryPrimitives.ReadInt32LittleEndian(dt[4..]));
                w.WriteEndObject();
                break;
            case ArrowTypeId.Interval when type.IntervalUnit == ArrowIntervalUnit.MonthDayNano:
                var mdn = array.FixedBytes(i);
                w.WriteStartObject();
                w.WriteNumber("months", BinaryPrimitives.ReadInt32LittleEndian(mdn));
                w.WriteNumber("days", BinaryPrimitives.ReadInt32LittleEndian(mdn[4..]));
                w.WriteString("nanoseconds", BinaryPrimitives.ReadInt64LittleEndian(mdn[8..]).ToString(inv));
                w.WriteEndObject();
                break;
            default:
                var value = array.Int(i);
                if (type.FixedBitWidth < 64)
                {
                    w.WriteNumberValue(value);
                }
                else if (type.Id == ArrowTypeId.Int && !type.IsSigned)
                {
                    w.WriteStringValue(((ulong)value).ToString(inv));
                }
                else
                {
                    w.WriteStringValue(value.ToString(inv));
                }
                break;
        }
    }
}
