using Casparian.Native.DuckDb.Interop;

namespace Casparian.Native.DuckDb;

/// <summary>
/// A connection to a <see cref="DuckDbDatabase"/>: queries, prepared statements, transactions and appenders. Not
/// thread-safe: use one connection per thread.
/// </summary>
public sealed class DuckDbConnection : IDisposable
{
    private readonly DuckDbConnectionHandle handle;

    internal DuckDbConnection(DuckDbConnectionHandle handle) => this.handle = handle;

    internal DuckDbConnectionHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(handle.IsDisposed, this);
            return handle;
        }
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements) and returns the last statement's result.</summary>
    public unsafe DuckDbResult Query(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return DuckDbResult.Run(
            Handle,
            (connection, result) => DuckDbNative.Query(connection, sql, (DuckDbResultStruct*)result),
            () => $"running {Describe(sql)}");
    }

    /// <summary>Runs <paramref name="sql"/> and returns the rows it changed (0 for DDL and queries).</summary>
    public long Execute(string sql)
    {
        using var result = Query(sql);
        return result.RowsChanged;
    }

    /// <summary>Runs a query and returns its rows as boxed values (see <see cref="DuckDbResult.ReadRows"/>).</summary>
    public List<object?[]> QueryRows(string sql, int maxRows = DuckDbResult.DefaultMaxRows)
    {
        using var result = Query(sql);
        return result.ReadRows(maxRows);
    }

    /// <summary>The first column of the first row (null when there is no row or the value is NULL).</summary>
    public object? ExecuteScalar(string sql)
    {
        using var result = Query(sql);
        using var chunk = result.FetchChunk();
        return chunk is null || chunk.RowCount == 0 || chunk.ColumnCount == 0 ? null : chunk.GetVector(0).GetValue(0);
    }

    /// <summary>Prepares one statement with <c>?</c> or <c>$n</c> parameters.</summary>
    public DuckDbPreparedStatement Prepare(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return DuckDbPreparedStatement.Create(Handle, sql);
    }

    /// <summary>Starts a transaction; dispose without <see cref="DuckDbTransaction.Commit"/> rolls it back.</summary>
    public DuckDbTransaction BeginTransaction()
    {
        Execute("BEGIN TRANSACTION");
        return new DuckDbTransaction(this);
    }

    /// <summary>An appender for <paramref name="table"/> (in <paramref name="schema"/>, default "main").</summary>
    public DuckDbAppender CreateAppender(string table, string? schema = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        return DuckDbAppender.Create(Handle, schema, table);
    }

    /// <summary>Asks DuckDB to stop the query running on this connection (callable from another thread).</summary>
    public void Interrupt()
    {
        // Called from another thread than the one using the connection, so the handle is pinned against a
        // concurrent Dispose for the duration of the call.
        var referenced = false;
        try
        {
            Handle.DangerousAddRef(ref referenced);
            DuckDbNative.Interrupt(handle.DangerousGetHandle());
        }
        finally
        {
            if (referenced)
            {
                handle.DangerousRelease();
            }
        }
    }

    public void Dispose() => handle.Dispose();

    /// <summary>Names a statement in error messages without dumping a whole script.</summary>
    internal static string Describe(string sql)
    {
        const int MaxShown = 200;
        var oneLine = sql.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= MaxShown ? $"'{oneLine}'" : $"'{oneLine[..MaxShown]}…'";
    }
}
