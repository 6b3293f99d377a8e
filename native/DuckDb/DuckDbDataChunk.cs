using Casparian.Native.DuckDb.Interop;

namespace Casparian.Native.DuckDb;

/// <summary>
/// A batch of up to <see cref="Capacity"/> rows in columnar form: either fetched from a <see cref="DuckDbResult"/>
/// (read-only) or created with <see cref="Create"/> to be filled and handed to <see cref="DuckDbAppender.AppendChunk"/>,
/// the fast path for bulk loads.
/// </summary>
public sealed class DuckDbDataChunk : IDisposable
{
    private readonly DuckDbDataChunkHandle handle;
    private readonly DuckDbColumnType[] types;
    private static readonly Lazy<int> VectorSize = new(() => checked((int)DuckDbNative.VectorSize()));

    private readonly bool writable;
    // Long strings written into this chunk's vectors live here until the chunk is reset (created chunks only).
    private readonly DuckDbStringArena? arena;
    private int rowCount;

    private DuckDbDataChunk(DuckDbDataChunkHandle handle, DuckDbColumnType[] types, bool writable)
    {
        this.handle = handle;
        this.types = types;
        this.writable = writable;
        arena = writable ? new DuckDbStringArena() : null;
        // A fetched chunk's size never changes; a created one starts empty and changes only through RowCount/Reset.
        rowCount = writable ? 0 : checked((int)DuckDbNative.DataChunkSize(handle.DangerousGetHandle()));
    }

    /// <summary>The most rows a chunk holds (DuckDB's vector size, 2048 in standard builds).</summary>
    public static int Capacity => VectorSize.Value;

    /// <summary>The column types, in order.</summary>
    public IReadOnlyList<DuckDbColumnType> ColumnTypes => types;

    public int ColumnCount => types.Length;

    /// <summary>
    /// Rows in the chunk. For a created chunk, set it to the number of rows written (0..<see cref="Capacity"/>) before
    /// appending it.
    /// </summary>
    public int RowCount
    {
        get => rowCount;
        set
        {
            if (!writable)
            {
                throw new InvalidOperationException("A chunk fetched from a result is read-only; create one with DuckDbDataChunk.Create to write rows.");
            }
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Capacity);
            DuckDbNative.DataChunkSetSize(Raw, (ulong)value);
            rowCount = value;
        }
    }

    /// <summary>Creates an empty chunk with the given column types, to be filled through <see cref="GetVector"/>.</summary>
    public static DuckDbDataChunk Create(IReadOnlyList<DuckDbColumnType> columnTypes)
    {
        ArgumentNullException.ThrowIfNull(columnTypes);
        if (columnTypes.Count == 0)
        {
            throw new ArgumentException("A data chunk needs at least one column.", nameof(columnTypes));
        }
        var logicalTypes = new DuckDbLogicalTypeHandle[columnTypes.Count];
        try
        {
            var raw = new nint[columnTypes.Count];
            for (var i = 0; i < raw.Length; i++)
            {
                logicalTypes[i] = columnTypes[i].CreateLogicalType();
                raw[i] = logicalTypes[i].DangerousGetHandle();
            }
            var chunk = DuckDbDataChunkHandle.Adopt(null, _ => CreateRaw(raw));
            if (chunk.IsInvalid)
            {
                throw new DuckDbException($"creating a data chunk with columns ({string.Join(", ", columnTypes)}) (out of memory?)", duckDbMessage: null);
            }
            return new DuckDbDataChunk(chunk, [.. columnTypes], writable: true);
        }
        finally
        {
            foreach (var logicalType in logicalTypes)
            {
                logicalType?.Dispose();
            }
        }
    }

    /// <summary>
    /// The vector of column <paramref name="column"/>. Fetch vectors again after <see cref="Reset"/>: resetting may move
    /// their storage.
    /// </summary>
    public DuckDbVector GetVector(int column)
    {
        ObjectDisposedException.ThrowIf(handle.IsDisposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, types.Length);
        var vector = DuckDbNative.DataChunkVector(Raw, (ulong)column);
        return new DuckDbVector(vector, types[column], writable ? Capacity : RowCount, arena);
    }

    /// <summary>
    /// Empties a created chunk for reuse (size 0, all rows valid, string storage released). Call it only once DuckDB is
    /// done with the chunk's rows (the append returned): long strings written into it are released here.
    /// </summary>
    public void Reset()
    {
        if (!writable)
        {
            throw new InvalidOperationException("Only chunks made with DuckDbDataChunk.Create can be reset.");
        }
        DuckDbNative.DataChunkReset(Raw);
        arena!.Reset();
        rowCount = 0;
    }

    public void Dispose()
    {
        // The chunk first: its vectors may point into the arena until DuckDB lets go of them.
        handle.Dispose();
        arena?.Dispose();
    }

    internal nint Raw
    {
        get
        {
            ObjectDisposedException.ThrowIf(handle.IsDisposed, this);
            return handle.DangerousGetHandle();
        }
    }

    /// <summary>Wraps a chunk fetched from a result; the chunk keeps the result alive.</summary>
    internal static DuckDbDataChunk? FromResult(DuckDbResultHandle result, DuckDbColumnType[] types)
    {
        var chunk = DuckDbDataChunkHandle.Adopt(result, FetchFrom);
        if (chunk.IsInvalid)
        {
            chunk.Dispose();
            return null;
        }
        return new DuckDbDataChunk(chunk, types, writable: false);
    }

    private static unsafe nint FetchFrom(nint result) => DuckDbNative.FetchChunk(*(DuckDbResultStruct*)result);

    private static unsafe nint CreateRaw(nint[] logicalTypes)
    {
        fixed (nint* pointer = logicalTypes)
        {
            return DuckDbNative.CreateDataChunk(pointer, (ulong)logicalTypes.Length);
        }
    }
}
