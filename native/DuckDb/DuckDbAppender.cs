using Casparian.Native.DuckDb.Interop;

namespace Casparian.Native.DuckDb;

/// <summary>
/// Fast loading into one table: row by row (<c>Append*</c> per column, then <see cref="EndRow"/>) or, fastest, whole
/// data chunks (<see cref="CreateChunk"/>, fill its vectors, <see cref="AppendChunk"/>). Rows reach the table through
/// <see cref="Flush"/> or <see cref="Close"/>, which report DuckDB's errors (constraint violations, casts); disposing an
/// appender that was not closed discards rows not yet flushed.
/// </summary>
public sealed unsafe class DuckDbAppender : IDisposable
{
    private readonly DuckDbAppenderHandle handle;
    private readonly string table;
    private readonly DuckDbColumnType[] columnTypes;

    private DuckDbAppender(DuckDbAppenderHandle handle, string table)
    {
        this.handle = handle;
        this.table = table;
        var raw = handle.DangerousGetHandle();
        columnTypes = new DuckDbColumnType[checked((int)DuckDbNative.AppenderColumnCount(raw))];
        for (var i = 0; i < columnTypes.Length; i++)
        {
            using var logicalType = DuckDbLogicalTypeHandle.Adopt(DuckDbNative.AppenderColumnType(raw, (ulong)i));
            columnTypes[i] = DuckDbColumnType.FromLogicalType(logicalType.DangerousGetHandle());
        }
    }

    /// <summary>The table's column types, in order: what each row and chunk must provide.</summary>
    public IReadOnlyList<DuckDbColumnType> ColumnTypes => columnTypes;

    public DuckDbAppender AppendBoolean(bool value) => Check(DuckDbNative.AppendBool(Raw, value), "appending a BOOLEAN");

    public DuckDbAppender AppendInt32(int value) => Check(DuckDbNative.AppendInt32(Raw, value), "appending an INTEGER");

    public DuckDbAppender AppendInt64(long value) => Check(DuckDbNative.AppendInt64(Raw, value), "appending a BIGINT");

    public DuckDbAppender AppendUInt64(ulong value) => Check(DuckDbNative.AppendUInt64(Raw, value), "appending a UBIGINT");

    public DuckDbAppender AppendDouble(double value) => Check(DuckDbNative.AppendDouble(Raw, value), "appending a DOUBLE");

    /// <summary>Appends a TIMESTAMP (microseconds; the wall-clock reading is used whatever the Kind).</summary>
    public DuckDbAppender AppendTimestamp(DateTime value) =>
        Check(DuckDbNative.AppendTimestamp(Raw, DuckDbConvert.MicrosFromDateTime(value)), "appending a TIMESTAMP");

    /// <summary>Appends a VARCHAR; null appends NULL.</summary>
    public DuckDbAppender AppendVarchar(string? value)
    {
        if (value is null)
        {
            return AppendNull();
        }
        using var utf8 = new PooledUtf8(value, stackalloc byte[256], "appended VARCHAR");
        return AppendVarchar(utf8.Bytes);
    }

    public DuckDbAppender AppendVarchar(ReadOnlySpan<byte> utf8)
    {
        var raw = Raw;
        fixed (byte* bytes = utf8)
        {
            return Check(DuckDbNative.AppendVarcharLength(raw, bytes, (ulong)utf8.Length), "appending a VARCHAR");
        }
    }

    public DuckDbAppender AppendBlob(ReadOnlySpan<byte> value)
    {
        var raw = Raw;
        fixed (byte* bytes = value)
        {
            return Check(DuckDbNative.AppendBlob(raw, bytes, (ulong)value.Length), "appending a BLOB");
        }
    }

    public DuckDbAppender AppendNull() => Check(DuckDbNative.AppendNull(Raw), "appending NULL");

    /// <summary>Finishes the current row; every column must have been appended.</summary>
    public void EndRow() => Check(DuckDbNative.AppenderEndRow(Raw), "ending a row");

    /// <summary>A new empty chunk with this table's column types, to fill and pass to <see cref="AppendChunk"/>.</summary>
    public DuckDbDataChunk CreateChunk() => DuckDbDataChunk.Create(columnTypes);

    /// <summary>Appends every row of <paramref name="chunk"/> (its <see cref="DuckDbDataChunk.RowCount"/> rows).</summary>
    public void AppendChunk(DuckDbDataChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        Check(DuckDbNative.AppendDataChunk(Raw, chunk.Raw), "appending a data chunk");
    }

    /// <summary>Writes the buffered rows to the table.</summary>
    public void Flush() => Check(DuckDbNative.AppenderFlush(Raw), "flushing");

    /// <summary>Flushes and closes; no more rows can be appended.</summary>
    public void Close() => Check(DuckDbNative.AppenderClose(Raw), "closing");

    public void Dispose() => handle.Dispose();

    internal static DuckDbAppender Create(DuckDbConnectionHandle connection, string? schema, string table)
    {
        string? error = null;
        var handle = DuckDbAppenderHandle.Adopt(connection, raw =>
        {
            // A failed create still yields an appender that holds the error and must be destroyed.
            var state = DuckDbNative.AppenderCreate(raw, schema, table, out var appender);
            if (state != DuckDbState.Success)
            {
                error = appender == 0 ? null : ErrorOf(appender).Message;
                DuckDbNative.AppenderDestroy(ref appender);
                return 0;
            }
            return appender;
        });
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new DuckDbException($"creating an appender for table '{Qualified(schema, table)}'", error);
        }
        return new DuckDbAppender(handle, Qualified(schema, table));
    }

    private nint Raw
    {
        get
        {
            ObjectDisposedException.ThrowIf(handle.IsDisposed, this);
            return handle.DangerousGetHandle();
        }
    }

    private static string Qualified(string? schema, string table) => schema is null ? table : $"{schema}.{table}";

    private static (string? Message, DuckDbErrorType Type) ErrorOf(nint appender)
    {
        var errorData = DuckDbNative.AppenderErrorData(appender);
        try
        {
            return errorData == 0
                ? (null, DuckDbErrorType.Invalid)
                : (DuckDbNative.ReadOwnedString(DuckDbNative.ErrorDataMessage(errorData)), DuckDbNative.ErrorDataErrorType(errorData));
        }
        finally
        {
            if (errorData != 0)
            {
                DuckDbNative.DestroyErrorData(ref errorData);
            }
        }
    }

    private DuckDbAppender Check(DuckDbState state, string operation)
    {
        if (state == DuckDbState.Success)
        {
            return this;
        }
        var (message, type) = ErrorOf(Raw);
        throw new DuckDbException($"{operation} to table '{table}'", message, type);
    }
}
