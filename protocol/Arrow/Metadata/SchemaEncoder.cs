using Casparian.Protocol.Arrow.Flatbuffers;

namespace Casparian.Protocol.Arrow.Metadata;

/// <summary>Encodes an <see cref="ArrowSchema"/> as a Schema.fbs table.</summary>
internal static class SchemaEncoder
{
    public static FlatBufferTableBuilder Encode(ArrowSchema schema)
    {
        var table = new FlatBufferTableBuilder()
            .AddObject(1, new FlatBufferObjectVector(schema.Fields.Select(Field).ToArray()));
        if (schema.Metadata.Count > 0)
        {
            table.AddObject(2, KeyValues(schema.Metadata));
        }
        return table;
    }

    private static FlatBufferObject Field(ArrowField field)
    {
        var table = new FlatBufferTableBuilder()
            .AddString(0, field.Name)
            .AddBool(1, field.Nullable)
            .AddByte(2, (byte)field.Type.Id)
            .AddObject(3, Type(field.Type));
        if (field.Dictionary is { } d)
        {
            table.AddObject(4, new FlatBufferTableBuilder()
                .AddInt64(0, d.Id)
                .AddObject(1, Type(d.IndexType))
                .AddBool(2, d.IsOrdered));
        }
        table.AddObject(5, new FlatBufferObjectVector(field.Children.Select(Field).ToArray()));
        if (field.Metadata.Count > 0)
        {
            table.AddObject(6, KeyValues(field.Metadata));
        }
        return table;
    }

    private static FlatBufferTableBuilder Type(ArrowType type)
    {
        var t = new FlatBufferTableBuilder();
        switch (type.Id)
        {
            case ArrowTypeId.Int:
                t.AddInt32(0, type.BitWidth).AddBool(1, type.IsSigned);
                break;
            case ArrowTypeId.FloatingPoint:
                t.AddInt16(0, (short)type.FloatPrecision);
                break;
            case ArrowTypeId.Decimal:
                t.AddInt32(0, type.Precision).AddInt32(1, type.Scale).AddInt32(2, type.BitWidth);
                break;
            case ArrowTypeId.Date:
                t.AddInt16(0, (short)type.DateUnit);
                break;
            case ArrowTypeId.Time:
                t.AddInt16(0, (short)type.TimeUnit).AddInt32(1, type.BitWidth);
                break;
            case ArrowTypeId.Timestamp:
                t.AddInt16(0, (short)type.TimeUnit);
                if (type.TimeZone is { } tz)
                {
                    t.AddString(1, tz);
                }
                break;
            case ArrowTypeId.Duration:
                t.AddInt16(0, (short)type.TimeUnit);
                break;
            case ArrowTypeId.Interval:
                t.AddInt16(0, (short)type.IntervalUnit);
                break;
            case ArrowTypeId.FixedSizeBinary:
                t.AddInt32(0, type.ByteWidth);
                break;
            case ArrowTypeId.FixedSizeList:
                t.AddInt32(0, type.ListSize);
                break;
            case ArrowTypeId.Map:
                t.AddBool(0, type.KeysSorted);
                break;
            default:
                break;
        }
        return t;
    }

    private static FlatBufferObjectVector KeyValues(IReadOnlyList<KeyValuePair<string, string>> pairs) =>
        new(pairs.Select(p => (FlatBufferObject)new FlatBufferTableBuilder().AddString(0, p.Key).AddString(1, p.Value)).ToArray());
}
