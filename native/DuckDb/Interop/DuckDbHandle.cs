using System.Runtime.InteropServices;

namespace Casparian.Native.DuckDb.Interop;

/// <summary>
/// Base of every owned DuckDB object. A handle created from a parent (a connection from its database, a statement from
/// its connection, …) holds a reference on the parent's handle until it is released, so disposing in any order (or
/// leaving it to finalizers) never destroys a parent before its children.
/// </summary>
internal abstract class DuckDbHandle : SafeHandle
{
    private SafeHandle? parent;
    private volatile bool disposed;

    protected DuckDbHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>
    /// True once disposed, even while children still hold the native object open (SafeHandle.IsClosed only turns true
    /// when the last reference is gone); the owning wrapper refuses further use from then on.
    /// </summary>
    internal bool IsDisposed => disposed || IsClosed;

    protected override void Dispose(bool disposing)
    {
        disposed = true;
        base.Dispose(disposing);
    }

    /// <summary>
    /// Creates the native object with <paramref name="create"/> while <paramref name="parentHandle"/> is referenced,
    /// then hands the reference over to the new handle. If creation fails the reference is dropped again.
    /// </summary>
    protected static THandle Create<THandle>(SafeHandle? parentHandle, Func<nint, nint> create)
        where THandle : DuckDbHandle, new()
    {
        var result = new THandle();
        var referenced = false;
        try
        {
            parentHandle?.DangerousAddRef(ref referenced);
            var raw = create(parentHandle?.DangerousGetHandle() ?? 0);
            if (raw != 0)
            {
                result.SetHandle(raw);
                result.parent = parentHandle;
                referenced = false; // the new handle now owns the reference
            }
            return result;
        }
        finally
        {
            if (referenced)
            {
                parentHandle!.DangerousRelease();
            }
        }
    }

    protected sealed override bool ReleaseHandle()
    {
        Destroy(handle);
        parent?.DangerousRelease();
        parent = null;
        return true;
    }

    /// <summary>Destroys the native object; called exactly once.</summary>
    protected abstract void Destroy(nint raw);
}

/// <summary>A <c>duckdb_database</c>, closed with <c>duckdb_close</c>.</summary>
internal sealed class DuckDbDatabaseHandle : DuckDbHandle
{
    internal static DuckDbDatabaseHandle Adopt(nint raw) => Create<DuckDbDatabaseHandle>(null, _ => raw);

    protected override void Destroy(nint raw) => DuckDbNative.Close(ref raw);
}

/// <summary>A <c>duckdb_connection</c>, closed with <c>duckdb_disconnect</c>; keeps its database open.</summary>
internal sealed class DuckDbConnectionHandle : DuckDbHandle
{
    internal static DuckDbConnectionHandle Adopt(DuckDbDatabaseHandle database, Func<nint, nint> connect) =>
        Create<DuckDbConnectionHandle>(database, connect);

    protected override void Destroy(nint raw) => DuckDbNative.Disconnect(ref raw);
}

/// <summary>A <c>duckdb_prepared_statement</c>; keeps its connection open.</summary>
internal sealed class DuckDbPreparedHandle : DuckDbHandle
{
    internal static DuckDbPreparedHandle Adopt(DuckDbConnectionHandle connection, Func<nint, nint> prepare) =>
        Create<DuckDbPreparedHandle>(connection, prepare);

    protected override void Destroy(nint raw) => DuckDbNative.DestroyPrepare(ref raw);
}

/// <summary>A <c>duckdb_appender</c>; keeps its connection open. Release discards unflushed rows, then destroys.</summary>
internal sealed class DuckDbAppenderHandle : DuckDbHandle
{
    internal static DuckDbAppenderHandle Adopt(DuckDbConnectionHandle connection, Func<nint, nint> create) =>
        Create<DuckDbAppenderHandle>(connection, create);

    protected override void Destroy(nint raw)
    {
        // duckdb_appender_destroy flushes what is buffered; rows must only reach the table through an explicit
        // Flush/Close whose errors the caller sees, so anything still buffered here is dropped first.
        DuckDbNative.AppenderClear(raw);
        DuckDbNative.AppenderDestroy(ref raw);
    }
}

/// <summary>A <c>duckdb_data_chunk</c> (fetched from a result, which it keeps alive, or created for appending).</summary>
internal sealed class DuckDbDataChunkHandle : DuckDbHandle
{
    internal static DuckDbDataChunkHandle Adopt(SafeHandle? owner, Func<nint, nint> create) =>
        Create<DuckDbDataChunkHandle>(owner, create);

    protected override void Destroy(nint raw) => DuckDbNative.DestroyDataChunk(ref raw);
}

/// <summary>A <c>duckdb_logical_type</c> we own.</summary>
internal sealed class DuckDbLogicalTypeHandle : DuckDbHandle
{
    internal static DuckDbLogicalTypeHandle Adopt(nint raw) => Create<DuckDbLogicalTypeHandle>(null, _ => raw);

    protected override void Destroy(nint raw) => DuckDbNative.DestroyLogicalType(ref raw);
}

/// <summary>
/// A <c>duckdb_result</c>. The C API lets the caller own the struct's storage, so it lives in native memory (never moved
/// by the GC) and is freed after <c>duckdb_destroy_result</c>. Keeps its connection open.
/// </summary>
internal sealed unsafe class DuckDbResultHandle : DuckDbHandle
{
    internal DuckDbResultStruct* Result => (DuckDbResultStruct*)handle;

    /// <summary>
    /// Allocates zeroed storage and runs <paramref name="fill"/> on it (duckdb_query or duckdb_execute_prepared). The
    /// handle owns the storage either way, because DuckDB requires destroy_result even for a failed query.
    /// </summary>
    internal static DuckDbResultHandle Run(SafeHandle owner, Func<nint, nint, DuckDbState> fill, out DuckDbState state)
    {
        var outcome = DuckDbState.Error;
        var result = Create<DuckDbResultHandle>(owner, ownerRaw =>
        {
            var storage = (nint)NativeMemory.AllocZeroed((nuint)sizeof(DuckDbResultStruct));
            outcome = fill(ownerRaw, storage);
            return storage;
        });
        state = outcome;
        return result;
    }

    protected override void Destroy(nint raw)
    {
        DuckDbNative.DestroyResult((DuckDbResultStruct*)raw);
        NativeMemory.Free((void*)raw);
    }
}
