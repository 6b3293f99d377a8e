namespace Casparian.Native.DuckDb;

/// <summary>
/// An explicit transaction on one connection. <see cref="Commit"/> makes its work visible; disposing it without a
/// commit rolls everything back, so an exception inside a <c>using</c> block leaves nothing behind.
/// </summary>
public sealed class DuckDbTransaction : IDisposable
{
    private readonly DuckDbConnection connection;
    private bool finished;

    internal DuckDbTransaction(DuckDbConnection connection) => this.connection = connection;

    public void Commit() => Finish("COMMIT");

    public void Rollback() => Finish("ROLLBACK");

    /// <summary>Rolls back unless committed or rolled back already.</summary>
    public void Dispose()
    {
        if (!finished)
        {
            Rollback();
        }
    }

    private void Finish(string statement)
    {
        if (finished)
        {
            throw new InvalidOperationException("This transaction has already been committed or rolled back.");
        }
        // Marked first: if COMMIT fails, DuckDB has already aborted the transaction and a second ROLLBACK would fail too.
        finished = true;
        connection.Execute(statement);
    }
}
