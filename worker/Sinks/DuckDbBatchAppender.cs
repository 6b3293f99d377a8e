using System.Runtime.InteropServices;
using Casparian.Native.DuckDb;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Arrow.Metadata;

namespace Casparian.Worker.Sinks;

/// <summary>
/// Moves Arrow record batches into a DuckDB table through the appender's data-chunk path: fixed-width columns are
/// block-copied (or widened) into each vector, strings and blobs are written value by value into the vector's string
/// entries (a column repeating one string over a chunk becomes a constant vector), and Arrow's validity
/// bitmap becomes the vector's. Chunks of <see cref="DuckDbDataChunk.Capacity"/> rows are filled on the caller's thread
/// and appended by DuckDB on another (<see cref="DuckDbChunkPipeline"/>); the batch is fully copied when
/// <see cref="Append"/> returns.
/// </summary>
internal sealed class DuckDbBatchAppender : IDisposable
{
    private readonly DuckDbAppender appender;
    private readonly DuckDbChunkPipeline pipeline;
    private readonly ArrowSchema schema;

    public DuckDbBatchAppender(DuckDbConnection connection, string table, ArrowSchema schema)
    {
        this.schema = schema;
        appender = connection.CreateAppender(table);
        var types = schema.Fields.Select(SinkColumnTypes.DuckDb).ToArray();
        if (appender.ColumnTypes.Count != types.Length || !appender.ColumnTypes.SequenceEqual(types))
        {
            appender.Dispose();
            throw new SinkException($"table '{table}' has columns ({string.Join(", ", appender.ColumnTypes)}) but the output has ({string.Join(", ", types)}); use sink mode Replace or a new table name");
        }
        pipeline = new DuckDbChunkPipeline(appender);
    }

    /// <summary>Appends every row of <paramref name="batch"/>.</summary>
    public void Append(RecordBatch batch)
    {
        var capacity = DuckDbDataChunk.Capacity;
        for (var start = 0; start < batch.Length; start += capacity)
        {
            var count = Math.Min(capacity, batch.Length - start);
            var chunk = pipeline.Rent();
            for (var c = 0; c < batch.Columns.Count; c++)
            {
                Fill(chunk.GetVector(c), schema.Fields[c], batch.Columns[c], start, count);
            }
            chunk.RowCount = count;
            pipeline.Append(chunk);
        }
    }

    /// <summary>Flushes the rows appended so far into the table (still inside the connection's transaction).</summary>
    public void Close()
    {
        pipeline.Finish();
        appender.Close();
    }

    public void Dispose()
    {
        pipeline.Dispose();
        appender.Dispose();
    }

    private static void Fill(DuckDbVector vector, ArrowField field, ArrowArray column, int start, int count)
    {
        var type = field.Type;
        switch (type.Id)
        {
            case ArrowTypeId.Bool:
                var flags = vector.GetWritableValues<byte>();
                for (var i = 0; i < count; i++)
                {
                    flags[i] = column.Bool(start + i) ? (byte)1 : (byte)0;
                }
                break;
            case ArrowTypeId.Int:
                switch (type.BitWidth)
                {
                    case 8: CopyFixed<byte>(vector, column, start, count); break;
                    case 16: CopyFixed<short>(vector, column, start, count); break;
                    case 32: CopyFixed<int>(vector, column, start, count); break;
                    default: CopyFixed<long>(vector, column, start, count); break;
                }
                break;
            case ArrowTypeId.FloatingPoint when type.FloatPrecision == ArrowFloatPrecision.Single:
                CopyFixed<float>(vector, column, start, count);
                break;
            case ArrowTypeId.FloatingPoint:
                CopyFixed<double>(vector, column, start, count);
                break;
            case ArrowTypeId.Date:
                CopyFixed<int>(vector, column, start, count);
                break;
            case ArrowTypeId.Timestamp when type.TimeUnit == ArrowTimeUnit.Microsecond:
                CopyFixed<long>(vector, column, start, count);
                break;
            case ArrowTypeId.Timestamp:
                var micros = vector.GetWritableValues<long>();
                var raw = MemoryMarshal.Cast<byte, long>(column.Values.Span);
                for (var i = 0; i < count; i++)
                {
                    micros[i] = column.IsValid(start + i) ? SinkColumnTypes.ToMicros(raw[start + i], type.TimeUnit) : 0;
                }
                break;
            case ArrowTypeId.Utf8 or ArrowTypeId.LargeUtf8 when column.NullCount == 0 && IsConstant(column, start, count)
                && vector.TrySetConstantString(column.Bytes(start)):
                // One value for the whole chunk (lineage columns): DuckDB stores it once instead of once per row.
                return;
            default:
                // utf8 / binary (large or not): written in place, long values copied into the chunk's arena.
                for (var i = 0; i < count; i++)
                {
                    if (column.IsValid(start + i))
                    {
                        vector.SetBytes(i, column.Bytes(start + i));
                    }
                }
                break;
        }
        if (column.NullCount > 0)
        {
            for (var i = 0; i < count; i++)
            {
                if (!column.IsValid(start + i))
                {
                    vector.SetNull(i);
                }
            }
        }
    }

    private static bool IsConstant(ArrowArray column, int start, int count)
    {
        var first = column.Bytes(start);
        for (var i = 1; i < count; i++)
        {
            if (!column.Bytes(start + i).SequenceEqual(first))
            {
                return false;
            }
        }
        return true;
    }

    private static void CopyFixed<T>(DuckDbVector vector, ArrowArray column, int start, int count)
        where T : unmanaged
    {
        var source = MemoryMarshal.Cast<byte, T>(column.Values.Span);
        if (source.Length < start + count)
        {
            throw new SinkException($"an Arrow column holds {source.Length} values but the batch claims {start + count} rows; the batch is malformed");
        }
        source.Slice(start, count).CopyTo(vector.GetWritableValues<T>());
    }
}
