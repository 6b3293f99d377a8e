using System.Buffers.Binary;
using System.Text;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Worker.Tests.Runtimes.PythonShim;

/// <summary>
/// Arrow values as plain C# values, so rows read by different readers compare with Assert.Equal: null, long
/// (int64, timestamp µs, date32 days), double, bool, string (utf8) or byte[] (binary).
/// </summary>
internal static class ArrowValues
{
    public static IEnumerable<object?[]> Rows(RecordBatch batch)
    {
        for (var row = 0; row < batch.Length; row++)
        {
            yield return batch.Columns.Select(column => Value(column, row)).ToArray();
        }
    }

    public static object? Value(ArrowArray column, int row)
    {
        if (!column.IsValid(row))
        {
            return null;
        }
        return column.Type.Id switch
        {
            ArrowTypeId.Int or ArrowTypeId.Timestamp or ArrowTypeId.Date => column.Int(row),
            ArrowTypeId.FloatingPoint => BinaryPrimitives.ReadDoubleLittleEndian(column.FixedBytes(row)),
            ArrowTypeId.Bool => column.Bool(row),
            ArrowTypeId.Utf8 => Encoding.UTF8.GetString(column.Bytes(row)),
            ArrowTypeId.Binary => column.Bytes(row).ToArray(),
            _ => throw new NotSupportedException($"outputs have no {column.Type} columns"),
        };
    }
}
