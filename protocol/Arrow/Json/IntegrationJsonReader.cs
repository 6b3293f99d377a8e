using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Protocol.Arrow.Json;

/// <summary>
/// Reads the Arrow integration JSON format (the golden files of the Arrow project) into schema, dictionaries and
/// batches in our columnar layout, so they can be compared with, or written as, IPC.
/// </summary>
public static class IntegrationJsonReader
{
    /// <summary>Reads a <c>.json</c> or gzip-compressed <c>.json.gz</c> file.</summary>
    public static ArrowJsonFile ReadFile(string path)
    {
        using var file = File.OpenRead(path);
        using Stream input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        return Read(input);
    }

    /// <summary>Reads integration JSON; anything that is not valid JSON of that format fails with <see cref="FormatException"/>.</summary>
    public static ArrowJsonFile Read(Stream json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
            return Read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or IndexOutOfRangeException or ArgumentException)
        {
            throw new FormatException($"integration JSON is not valid: {ex.Message}", ex);
        }
    }

    private static ArrowJsonFile Read(JsonElement root)
    {
        var schemaJson = root.GetProperty("schema");
        var schema = new ArrowSchema(schemaJson.GetProperty("fields").EnumerateArray().Select(Field).ToArray())
        {
            Metadata = Metadata(schemaJson),
        };
        var dictionaryFields = schema.DictionaryFields();
        var dictionaries = new Dictionary<long, ArrowArray>();
        if (root.TryGetProperty("dictionaries", out var dictionariesJson))
        {
            foreach (var d in dictionariesJson.EnumerateArray())
            {
                var id = d.GetProperty("id").GetInt64();
                var field = dictionaryFields[id] with { Dictionary = null };
                var column = d.GetProperty("data").GetProperty("columns")[0];
                var values = Column(field, column, dictionaries);
                var isDelta = d.TryGetProperty("isDelta", out var delta) && delta.GetBoolean();
                dictionaries[id] = isDelta && dictionaries.TryGetValue(id, out var existing) ? ArrowArrayConcat.Concat(existing, values) : values;
            }
        }
        var batches = new List<RecordBatch>();
        // apache-arrow (JavaScript) leaves "batches" out when there are none.
        var batchesJson = root.TryGetProperty("batches", out var bj) ? bj.EnumerateArray().ToArray() : [];
        foreach (var b in batchesJson)
        {
            var columns = b.GetProperty("columns").EnumerateArray().ToArray();
            var arrays = new ArrowArray[schema.Fields.Count];
            for (var i = 0; i < arrays.Length; i++)
            {
                arrays[i] = Column(schema.Fields[i], columns[i], dictionaries);
            }
            batches.Add(new RecordBatch(schema, b.GetProperty("count").GetInt32(), arrays));
        }
        return new ArrowJsonFile(schema, dictionaries, batches);
    }

    private static ArrowField Field(JsonElement f)
    {
        ArrowDictionaryEncoding? dictionary = null;
        if (f.TryGetProperty("dictionary", out var d))
        {
            dictionary = new ArrowDictionaryEncoding(d.GetProperty("id").GetInt64(), IntegrationJsonTypes.Parse(d.GetProperty("indexType")),
                d.TryGetProperty("isOrdered", out var o) && o.GetBoolean());
        }
        return new ArrowField(f.GetProperty("name").GetString() ?? "", IntegrationJsonTypes.Parse(f.GetProperty("type")),
            f.TryGetProperty("nullable", out var n) && n.GetBoolean())
        {
            Children = f.TryGetProperty("children", out var c) ? c.EnumerateArray().Select(Field).ToArray() : [],
            Dictionary = dictionary,
            Metadata = Metadata(f),
        };
    }

    private static KeyValuePair<string, string>[] Metadata(JsonElement owner) =>
        owner.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Array
            ? m.EnumerateArray().Select(kv => new KeyValuePair<string, string>(kv.GetProperty("key").GetString() ?? "", kv.GetProperty("value").GetString() ?? "")).ToArray()
            : [];

    private static ArrowArray Column(ArrowField field, JsonElement column, IReadOnlyDictionary<long, ArrowArray> dictionaries)
    {
        var count = column.GetProperty("count").GetInt32();
        var type = field.Type;
        if (type.Id == ArrowTypeId.Null)
        {
            return new ArrowArray(type, count, count, default, default, default, []);
        }
        var (validity, nullCount) = Validity(column, count);
        if (field.Dictionary is { } encoding)
        {
            return new ArrowArray(encoding.IndexType, count, nullCount, validity, default,
                FixedValues(encoding.IndexType, column, count), [], dictionaries[encoding.Id]);
        }
        ArrowArray[] Children() => field.Children.Select((c, i) => Column(c, column.GetProperty("children")[i], dictionaries)).ToArray();
        switch (type.Layout)
        {
            case ArrowLayout.FixedWidth:
                return new ArrowArray(type, count, nullCount, validity, default, FixedValues(type, column, count), []);
            case ArrowLayout.VariableBinary:
            case ArrowLayout.LargeVariableBinary:
            {
                var large = type.Layout == ArrowLayout.LargeVariableBinary;
                var data = new ArrayBufferWriter<byte>();
                var offsets = new byte[(count + 1) * (large ? 8 : 4)];
                var i = 0;
                foreach (var value in column.GetProperty("DATA").EnumerateArray())
                {
                    var s = value.GetString() ?? "";
                    var bytes = type.Id is ArrowTypeId.Utf8 or ArrowTypeId.LargeUtf8 ? Encoding.UTF8.GetBytes(s) : Convert.FromHexString(s);
                    data.Write(bytes);
                    i++;
                    WriteOffset(offsets, i, large, data.WrittenCount);
                }
                return new ArrowArray(type, count, nullCount, validity, offsets, data.WrittenMemory.ToArray(), []);
            }
            case ArrowLayout.List:
            case ArrowLayout.LargeList:
            {
                var large = type.Layout == ArrowLayout.LargeList;
                var offsets = new byte[(count + 1) * (large ? 8 : 4)];
                var i = 0;
                foreach (var value in column.GetProperty("OFFSET").EnumerateArray())
                {
                    WriteOffset(offsets, i++, large, Int64(value));
                }
                return new ArrowArray(type, count, nullCount, validity, offsets, default, Children());
            }
            case ArrowLayout.FixedSizeList:
            case ArrowLayout.Struct:
                return new ArrowArray(type, count, nullCount, validity, default, default, Children());
            default:
                throw new FormatException($"field '{field.Name}' has unsupported type {type}");
        }
    }

    private static void WriteOffset(byte[] offsets, int index, bool large, long value)
    {
        if (large)
        {
            BinaryPrimitives.WriteInt64LittleEndian(offsets.AsSpan(index * 8), value);
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(offsets.AsSpan(index * 4), checked((int)value));
        }
    }

    private static (ReadOnlyMemory<byte> Bits, int NullCount) Validity(JsonElement column, int count)
    {
        if (!column.TryGetProperty("VALIDITY", out var validity))
        {
            return (default, 0);
        }
        var bits = new byte[(count + 7) / 8];
        var nulls = 0;
        var i = 0;
        foreach (var v in validity.EnumerateArray())
        {
            if (v.GetInt32() != 0)
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }
            else
            {
                nulls++;
            }
            i++;
        }
        return nulls == 0 ? (default, 0) : (bits, nulls);
    }

    // 64-bit values are strings. apache-arrow (JavaScript) writes negative int64 as their unsigned two's complement;
    // both spellings denote the same 64 bits, so either is accepted.
    private static long Int64(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.String)
        {
            return v.GetInt64();
        }
        var text = v.GetString()!;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : unchecked((long)ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture));
    }

    private static byte[] FixedValues(ArrowType type, JsonElement column, int count)
    {
        var width = type.FixedBitWidth;
        var values = new byte[((long)count * width + 7) / 8];
        if (count == 0)
        {
            return values;
        }
        var span = values.AsSpan();
        var i = 0;
        foreach (var v in column.GetProperty("DATA").EnumerateArray())
        {
            switch (type.Id)
            {
                case ArrowTypeId.Bool:
                    if (v.GetBoolean())
                    {
                        values[i >> 3] |= (byte)(1 << (i & 7));
                    }
                    break;
                case ArrowTypeId.FloatingPoint:
                    var d = v.ValueKind == JsonValueKind.String ? double.Parse(v.GetString()!, CultureInfo.InvariantCulture) : v.GetDouble();
                    switch (width)
                    {
                        case 16: BinaryPrimitives.WriteHalfLittleEndian(span[(i * 2)..], (Half)d); break;
                        case 32: BinaryPrimitives.WriteSingleLittleEndian(span[(i * 4)..], (float)d); break;
                        default: BinaryPrimitives.WriteDoubleLittleEndian(span[(i * 8)..], d); break;
                    }
                    break;
                case ArrowTypeId.FixedSizeBinary:
                    Convert.FromHexString(v.GetString() ?? "").CopyTo(span[(i * type.ByteWidth)..]);
                    break;
                case ArrowTypeId.Decimal:
                    var big = BigInteger.Parse(v.GetString()!, CultureInfo.InvariantCulture);
                    if (big >= BigInteger.One << (width - 1))
                    {
                        big -= BigInteger.One << width; // the unsigned spelling of a negative value (apache-arrow JavaScript)
                    }
                    var slot = span.Slice(i * (width / 8), width / 8);
                    slot.Fill(big.Sign < 0 ? (byte)0xFF : (byte)0);
                    if (!big.TryWriteBytes(slot, out _, isUnsigned: false, isBigEndian: false))
                    {
                        throw new FormatException($"decimal value {big} does not fit {width} bits");
                    }
                    break;
                case ArrowTypeId.Interval when type.IntervalUnit == ArrowIntervalUnit.DayTime:
                    BinaryPrimitives.WriteInt32LittleEndian(span[(i * 8)..], v.GetProperty("days").GetInt32());
                    BinaryPrimitives.WriteInt32LittleEndian(span[((i * 8) + 4)..], v.GetProperty("milliseconds").GetInt32());
                    break;
                case ArrowTypeId.Interval when type.IntervalUnit == ArrowIntervalUnit.MonthDayNano:
                    BinaryPrimitives.WriteInt32LittleEndian(span[(i * 16)..], v.GetProperty("months").GetInt32());
                    BinaryPrimitives.WriteInt32LittleEndian(span[((i * 16) + 4)..], v.GetProperty("days").GetInt32());
                    BinaryPrimitives.WriteInt64LittleEndian(span[((i * 16) + 8)..], Int64(v.GetProperty("nanoseconds")));
                    break;
                default:
                    WriteInteger(span, i, width, type.IsSigned || type.Id != ArrowTypeId.Int, v);
                    break;
            }
            i++;
        }
        return values;
    }

    private static void WriteInteger(Span<byte> span, int i, int width, bool signed, JsonElement v)
    {
        if (!signed && width == 64)
        {
            var u = v.ValueKind == JsonValueKind.String ? ulong.Parse(v.GetString()!, CultureInfo.InvariantCulture) : v.GetUInt64();
            BinaryPrimitives.WriteUInt64LittleEndian(span[(i * 8)..], u);
            return;
        }
        var value = Int64(v);
        switch (width)
        {
            case 8: span[i] = (byte)value; break;
            case 16: BinaryPrimitives.WriteInt16LittleEndian(span[(i * 2)..], (short)value); break;
            case 32: BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], (int)value); break;
            default: BinaryPrimitives.WriteInt64LittleEndian(span[(i * 8)..], value); break;
        }
    }
}
