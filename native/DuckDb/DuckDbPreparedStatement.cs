using Casparian.Native.DuckDb.Interop;

namespace Casparian.Native.DuckDb;

/// <summary>
/// A prepared statement with typed binds. Parameter indexes are 1-based, as in SQL (<c>$1</c>, or the n-th <c>?</c>).
/// Bound values stay bound across executions until rebound or <see cref="ClearBindings"/>.
/// </summary>
public sealed unsafe class DuckDbPreparedStatement : IDisposable
{
    private readonly DuckDbPreparedHandle handle;
    private readonly string sql;

    private DuckDbPreparedStatement(DuckDbPreparedHandle handle, string sql)
    {
        this.handle = handle;
        this.sql = sql;
        ParameterCount = checked((int)DuckDbNative.ParameterCount(handle.DangerousGetHandle()));
    }

    /// <summary>How many parameters the statement has.</summary>
    public int ParameterCount { get; }

    public DuckDbPreparedStatement BindBoolean(int index, bool value) => Check(DuckDbNative.BindBoolean(Raw, Index(index), value), index, "BOOLEAN");

    public DuckDbPreparedStatement BindInt32(int index, int value) => Check(DuckDbNative.BindInt32(Raw, Index(index), value), index, "INTEGER");

    public DuckDbPreparedStatement BindInt64(int index, long value) => Check(DuckDbNative.BindInt64(Raw, Index(index), value), index, "BIGINT");

    public DuckDbPreparedStatement BindUInt64(int index, ulong value) => Check(DuckDbNative.BindUInt64(Raw, Index(index), value), index, "UBIGINT");

    public DuckDbPreparedStatement BindDouble(int index, double value) => Check(DuckDbNative.BindDouble(Raw, Index(index), value), index, "DOUBLE");

    /// <summary>Binds a VARCHAR; null binds NULL.</summary>
    public DuckDbPreparedStatement BindVarchar(int index, string? value)
    {
        if (value is null)
        {
            return BindNull(index);
        }
        using var utf8 = new PooledUtf8(value, stackalloc byte[256], $"parameter {index}");
        return BindVarchar(index, utf8.Bytes);
    }

    /// <summary>Binds a VARCHAR given as UTF-8 bytes (DuckDB rejects invalid UTF-8).</summary>
    public DuckDbPreparedStatement BindVarchar(int index, ReadOnlySpan<byte> utf8)
    {
        var parameter = Index(index);
        fixed (byte* bytes = utf8)
        {
            return Check(DuckDbNative.BindVarcharLength(Raw, parameter, bytes, (ulong)utf8.Length), index, "VARCHAR");
        }
    }

    public DuckDbPreparedStatement BindBlob(int index, ReadOnlySpan<byte> value)
    {
        var parameter = Index(index);
        fixed (byte* bytes = value)
        {
            return Check(DuckDbNative.BindBlob(Raw, parameter, bytes, (ulong)value.Length), index, "BLOB");
        }
    }

    /// <summary>
    /// Binds a TIMESTAMP (microsecond precision; finer ticks are truncated). The value's wall-clock reading is used as
    /// is, whatever its <see cref="DateTime.Kind"/>: TIMESTAMP has no time zone.
    /// </summary>
    public DuckDbPreparedStatement BindTimestamp(int index, DateTime value) =>
        Check(DuckDbNative.BindTimestamp(Raw, Index(index), DuckDbConvert.MicrosFromDateTime(value)), index, "TIMESTAMP");

    /// <summary>Binds a DECIMAL whose width is the value's digit count and whose scale is the value's scale.</summary>
    public DuckDbPreparedStatement BindDecimal(int index, decimal value) =>
        Check(DuckDbNative.BindDecimal(Raw, Index(index), DuckDbConvert.DecimalToStruct(value)), index, "DECIMAL");

    public DuckDbPreparedStatement BindNull(int index) => Check(DuckDbNative.BindNull(Raw, Index(index)), index, "NULL");

    public void ClearBindings()
    {
        if (DuckDbNative.ClearBindings(Raw) != DuckDbState.Success)
        {
            throw new DuckDbException($"clearing the bindings of {DuckDbConnection.Describe(sql)}", ErrorText());
        }
    }

    /// <summary>Executes with the current bindings and returns the result.</summary>
    public DuckDbResult Execute()
    {
        ObjectDisposedException.ThrowIf(handle.IsDisposed, this);
        return DuckDbResult.Run(
            handle,
            (statement, result) => DuckDbNative.ExecutePrepared(statement, (DuckDbResultStruct*)result),
            () => $"executing prepared {DuckDbConnection.Describe(sql)}");
    }

    /// <summary>Executes with the current bindings and returns the rows changed.</summary>
    public long ExecuteNonQuery()
    {
        using var result = Execute();
        return result.RowsChanged;
    }

    public void Dispose() => handle.Dispose();

    internal static DuckDbPreparedStatement Create(DuckDbConnectionHandle connection, string sql)
    {
        string? error = null;
        var handle = DuckDbPreparedHandle.Adopt(connection, raw =>
        {
            // A failed prepare still yields a statement that holds the error text and must be destroyed.
            var state = DuckDbNative.Prepare(raw, sql, out var statement);
            if (state != DuckDbState.Success)
            {
                error = statement == 0 ? null : DuckDbNative.ReadOwnedString(DuckDbNative.PrepareError(statement));
                DuckDbNative.DestroyPrepare(ref statement);
                return 0;
            }
            return statement;
        });
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new DuckDbException($"preparing {DuckDbConnection.Describe(sql)}", error);
        }
        return new DuckDbPreparedStatement(handle, sql);
    }

    private nint Raw
    {
        get
        {
            ObjectDisposedException.ThrowIf(handle.IsDisposed, this);
            return handle.DangerousGetHandle();
        }
    }

    private ulong Index(int index)
    {
        if (index < 1 || index > ParameterCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Parameter indexes are 1..{ParameterCount} for {DuckDbConnection.Describe(sql)}.");
        }
        return (ulong)index;
    }

    private DuckDbPreparedStatement Check(DuckDbState state, int index, string type) =>
        state == DuckDbState.Success
            ? this
            : throw new DuckDbException($"binding a {type} to parameter {index} of {DuckDbConnection.Describe(sql)}", ErrorText());

    private string? ErrorText() => DuckDbNative.ReadOwnedString(DuckDbNative.PrepareError(Raw));
}
