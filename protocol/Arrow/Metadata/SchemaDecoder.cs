using Casparian.Protocol.Arrow.Flatbuffers;

namespace Casparian.Protocol.Arrow.Metadata;

/// <summary>
/// Decodes Schema.fbs tables into <see cref="ArrowSchema"/>. Nesting depth and the number of fields are capped so that
/// cyclic or self-referencing offsets in hostile metadata cannot recurse forever or multiply allocations.
/// </summary>
internal sealed class SchemaDecoder
{
    /// <summary>Deepest nesting of fields accepted (list of struct of list ...).</summary>
    public const int MaxDepth = 64;

    private int _fieldBudget;

    private SchemaDecoder(int metadataLength)
    {
        // A real field needs well over 8 bytes of metadata, so this never rejects honest input but stops a few
        // shared sub-tables from being expanded into millions of fields.
        _fieldBudget = Math.Max(16, metadataLength / 8);
    }

    public static ArrowSchema Decode(FlatBufferTable schema, int metadataLength) => new SchemaDecoder(metadataLength).Schema(schema);

    private ArrowSchema Schema(FlatBufferTable table)
    {
        if (table.GetInt16(0, 0) != 0)
        {
            throw new ArrowFormatException("schema is big-endian; only little-endian Arrow data is supported");
        }
        var fields = Fields(table.GetVector(1, 4, "Schema.fields"), 0);
        return new ArrowSchema(fields) { Metadata = KeyValues(table.GetVector(2, 4, "Schema.custom_metadata")) };
    }

    private ArrowField[] Fields(FlatBufferVector? vector, int depth)
    {
        if (vector is not { } v)
        {
            return [];
        }
        if (depth > MaxDepth)
        {
            throw new ArrowFormatException($"schema nests fields deeper than {MaxDepth} levels");
        }
        _fieldBudget -= v.Count;
        if (_fieldBudget < 0)
        {
            throw new ArrowFormatException("schema has more fields than its metadata size allows (cyclic FlatBuffer offsets?)");
        }
        var fields = new ArrowField[v.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = Field(v.Table(i), depth);
        }
        return fields;
    }

    private ArrowField Field(FlatBufferTable table, int depth)
    {
        var name = table.GetString(0, "Field.name") ?? "";
        var nullable = table.GetBool(1);
        var typeId = table.GetByte(2, 0);
        var typeTable = table.GetTable(3, "Field.type");
        var type = Type(typeId, typeTable, name);
        ArrowDictionaryEncoding? dictionary = null;
        if (table.GetTable(4, "Field.dictionary") is { } d)
        {
            var indexType = d.GetTable(1, "DictionaryEncoding.indexType") is { } it
                ? IntType(it, name)
                : ArrowType.Int32;
            dictionary = new ArrowDictionaryEncoding(d.GetInt64(0, 0), indexType, d.GetBool(2));
        }
        var children = Fields(table.GetVector(5, 4, "Field.children"), depth + 1);
        CheckChildren(type, children, name);
        return new ArrowField(name, type, nullable)
        {
            Dictionary = dictionary,
            Children = children,
            Metadata = KeyValues(table.GetVector(6, 4, "Field.custom_metadata")),
        };
    }

    private static void CheckChildren(ArrowType type, ArrowField[] children, string name)
    {
        var expected = type.Id switch
        {
            ArrowTypeId.List or ArrowTypeId.LargeList or ArrowTypeId.FixedSizeList or ArrowTypeId.Map => 1,
            ArrowTypeId.Struct => children.Length,
            _ => 0,
        };
        if (children.Length != expected)
        {
            throw new ArrowFormatException($"field '{name}' of type {type} has {children.Length} children; it needs {expected}");
        }
        if (type.Id == ArrowTypeId.Map && (children[0].Type.Id != ArrowTypeId.Struct || children[0].Children.Count != 2))
        {
            throw new ArrowFormatException($"map field '{name}' must have one struct child with two fields (key, value)");
        }
    }

    private static ArrowType IntType(FlatBufferTable t, string name)
    {
        var bits = t.GetInt32(0, 0);
        if (bits is not (8 or 16 or 32 or 64))
        {
            throw new ArrowFormatException($"field '{name}': integer bit width {bits} is not 8, 16, 32 or 64");
        }
        return ArrowType.Int(bits, t.GetBool(1));
    }

    private static ArrowType Type(byte typeId, FlatBufferTable? table, string name)
    {
        if (table is not { } t)
        {
            throw new ArrowFormatException($"field '{name}' has no type table (type id {typeId})");
        }
        ArrowTimeUnit Unit(short defaultValue)
        {
            var unit = t.GetInt16(0, defaultValue);
            return unit is >= 0 and <= 3 ? (ArrowTimeUnit)unit : throw new ArrowFormatException($"field '{name}': time unit {unit} is unknown");
        }
        switch ((ArrowTypeId)typeId)
        {
            case ArrowTypeId.Null:
            case ArrowTypeId.Binary:
            case ArrowTypeId.Utf8:
            case ArrowTypeId.Bool:
            case ArrowTypeId.List:
            case ArrowTypeId.Struct:
            case ArrowTypeId.LargeBinary:
            case ArrowTypeId.LargeUtf8:
            case ArrowTypeId.LargeList:
                return new ArrowType((ArrowTypeId)typeId);
            case ArrowTypeId.Int:
                return IntType(t, name);
            case ArrowTypeId.FloatingPoint:
                var precision = t.GetInt16(0, 0);
                return precision is >= 0 and <= 2
                    ? new ArrowType(ArrowTypeId.FloatingPoint) { FloatPrecision = (ArrowFloatPrecision)precision }
                    : throw new ArrowFormatException($"field '{name}': floating point precision {precision} is unknown");
            case ArrowTypeId.Decimal:
                var width = t.GetInt32(2, 128);
                var digits = t.GetInt32(0, 0);
                if (width is not (128 or 256) || digits <= 0 || digits > (width == 128 ? 38 : 76))
                {
                    throw new ArrowFormatException($"field '{name}': decimal{width} with precision {digits} is not valid");
                }
                return new ArrowType(ArrowTypeId.Decimal) { BitWidth = width, Precision = digits, Scale = t.GetInt32(1, 0) };
            case ArrowTypeId.Date:
                var dateUnit = t.GetInt16(0, 1);
                return dateUnit is 0 or 1
                    ? new ArrowType(ArrowTypeId.Date) { DateUnit = (ArrowDateUnit)dateUnit }
                    : throw new ArrowFormatException($"field '{name}': date unit {dateUnit} is unknown");
            case ArrowTypeId.Time:
                var timeUnit = Unit(1);
                var timeBits = t.GetInt32(1, 32);
                var expectedBits = timeUnit <= ArrowTimeUnit.Millisecond ? 32 : 64;
                return timeBits == expectedBits
                    ? new ArrowType(ArrowTypeId.Time) { TimeUnit = timeUnit, BitWidth = timeBits }
                    : throw new ArrowFormatException($"field '{name}': time[{timeUnit}] must be {expectedBits} bits, not {timeBits}");
            case ArrowTypeId.Timestamp:
                return ArrowType.Timestamp(Unit(0), t.GetString(1, "Timestamp.timezone"));
            case ArrowTypeId.Duration:
                return new ArrowType(ArrowTypeId.Duration) { TimeUnit = Unit(1) };
            case ArrowTypeId.Interval:
                var intervalUnit = t.GetInt16(0, 0);
                return intervalUnit is >= 0 and <= 2
                    ? new ArrowType(ArrowTypeId.Interval) { IntervalUnit = (ArrowIntervalUnit)intervalUnit }
                    : throw new ArrowFormatException($"field '{name}': interval unit {intervalUnit} is unknown");
            case ArrowTypeId.FixedSizeBinary:
                var byteWidth = t.GetInt32(0, 0);
                return byteWidth is > 0 and <= 1 << 20
                    ? new ArrowType(ArrowTypeId.FixedSizeBinary) { ByteWidth = byteWidth }
                    : throw new ArrowFormatException($"field '{name}': fixed-size binary width {byteWidth} is out of range (1..1048576)");
            case ArrowTypeId.FixedSizeList:
                var listSize = t.GetInt32(0, 0);
                return listSize is >= 0 and <= 1 << 20
                    ? new ArrowType(ArrowTypeId.FixedSizeList) { ListSize = listSize }
                    : throw new ArrowFormatException($"field '{name}': fixed-size list size {listSize} is out of range (0..1048576)");
            case ArrowTypeId.Map:
                return new ArrowType(ArrowTypeId.Map) { KeysSorted = t.GetBool(0) };
            default:
                throw new ArrowFormatException($"field '{name}' has type id {typeId}, which this reader does not support (unions, views and run-end encoding are not supported)");
        }
    }

    private static KeyValuePair<string, string>[] KeyValues(FlatBufferVector? vector)
    {
        if (vector is not { } v)
        {
            return [];
        }
        var result = new KeyValuePair<string, string>[v.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var kv = v.Table(i);
            result[i] = new(kv.GetString(0, "KeyValue.key") ?? "", kv.GetString(1, "KeyValue.value") ?? "");
        }
        return result;
    }
}
