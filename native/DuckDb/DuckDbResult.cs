using System.Runtime.InteropServices;
using Casparian.Native.DuckDb.Interop;

namespace Casparian.Native.DuckDb;

/// <summary>
/// The result of a query: its columns, and its rows either chunk by chunk (<see cref="FetchChunk"/>, for scans) or
/// as boxed rows (<see cref="ReadRows"/>, for small results). Rows can be consumed once.
/// </summary>
public sealed class DuckDbResult : IDisposable
{
    /// <summary>The default cap of <see cref="ReadRows"/>: the row reader is for small results.</summary>
    public const int DefaultMaxRows = 100_000;

    private readonly DuckDbResultHandle handle;
    private readonly DuckDbColumn[] columns;
    private readonly DuckDbColumnType[] columnTypes;

    private unsafe DuckDbResult(DuckDbResultHandle handle)
    {
        this.handle = handle;
        var result = handle.Result;
        var count = checked((int)DuckDbNative.ColumnCount(result));
        columns = new DuckDbColumn[count];
        for (var i = 0; i < count; i++)
        {
            using var logicalType = DuckDbLogicalTypeHandle.Adopt(DuckDbNative.ColumnLogicalType(result, (ulong)i));
            var name = DuckDbNative.ReadOwnedString(DuckDbNative.ColumnName(result, (ulong)i)) ?? string.Empty;
            columns[i] = new DuckDbColumn(name, DuckDbColumnType.FromLogicalType(logicalType.DangerousGetHandle()));
        }
        columnTypes = columns.Select(c => c.Type).ToArray();
        RowsChanged = checked((long)DuckDbNative.RowsChanged(result));
    }

    /// <summary>The result's columns, in order.</summary>
    public IReadOnlyList<DuckDbColumn> Columns => columns;

    /// <summary>Rows inserted, updated or deleted by the statement (0 for queries).</summary>
    public long RowsChanged { get; }

    /// <summary>The next chunk of rows, or null when the result is exhausted. Dispose each chunk when done with it.</summary>
    public DuckDbDataChunk? FetchChunk()
    {
        ObjectDisposedException.ThrowIf(handle.IsDisposed, this);
        return DuckDbDataChunk.FromResult(handle, columnTypes);
    }

    /// <summary>
    /// Reads every remaining row as an array of boxed values (see <see cref="DuckDbVector.GetValue"/>). Throws
    /// <see cref="InvalidOperationException"/> rather than buffer more than <paramref name="maxRows"/> rows.
    /// </summary>
    public List<object?[]> ReadRows(int maxRows = DefaultMaxRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        var rows = new List<object?[]>();
        while (FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var count = chunk.RowCount;
                if (rows.Count + count > maxRows)
                {
                    throw new InvalidOperationException($"The result has more than {maxRows} rows; read it with FetchChunk or raise maxRows.");
                }
                var vectors = Enumerable.Range(0, columns.Length).Select(chunk.GetVector).ToArray();
                for (var row = 0; row < count; row++)
                {
                    var values = new object?[columns.Length];
                    for (var column = 0; column < values.Length; column++)
                    {
                        values[column] = vectors[column].GetValue(row);
                    }
                    rows.Add(values);
                }
            }
        }
        return rows;
    }

    public void Dispose() => handle.Dispose();

    /// <summary>
    /// Runs <paramref name="fill"/> (duckdb_query / duckdb_execute_prepared) into a fresh result and wraps it; on failure
    /// throws <see cref="DuckDbException"/> with DuckDB's error text and <paramref name="operation"/>.
    /// </summary>
    internal static unsafe DuckDbResult Run(SafeHandle owner, Func<nint, nint, DuckDbState> fill, Func<string> operation)
    {
        var handle = DuckDbResultHandle.Run(owner, fill, out var state);
        try
        {
            if (state != DuckDbState.Success)
            {
                var result = handle.Result;
                var message = DuckDbNative.ReadOwnedString(DuckDbNative.ResultError(result));
                throw new DuckDbException(operation(), message, DuckDbNative.ResultErrorType(result));
            }
            return new DuckDbResult(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
