namespace Casparian.Native.DuckDb;

/// <summary>
/// A DuckDB call failed. The message says what we were doing and carries DuckDB's own error text verbatim, which is
/// also available as <see cref="DuckDbMessage"/> for callers that match on it.
/// </summary>
public sealed class DuckDbException : Exception
{
    public DuckDbException()
    {
    }

    public DuckDbException(string message)
        : base(message)
    {
    }

    public DuckDbException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed operation.</summary>
    /// <param name="operation">What we were doing, e.g. "running query 'SELECT …'".</param>
    /// <param name="duckDbMessage">DuckDB's own error text, if it gave one.</param>
    /// <param name="errorType">DuckDB's error class, if known.</param>
    public DuckDbException(string operation, string? duckDbMessage, DuckDbErrorType errorType = DuckDbErrorType.Invalid)
        : base(Compose(operation, duckDbMessage))
    {
        Operation = operation;
        DuckDbMessage = duckDbMessage;
        ErrorType = errorType;
    }

    /// <summary>What we were doing when DuckDB failed.</summary>
    public string Operation { get; } = string.Empty;

    /// <summary>DuckDB's own error text (null when DuckDB gave none).</summary>
    public string? DuckDbMessage { get; }

    /// <summary>DuckDB's error class (<see cref="DuckDbErrorType.Invalid"/> when unknown).</summary>
    public DuckDbErrorType ErrorType { get; }

    private static string Compose(string operation, string? duckDbMessage) =>
        string.IsNullOrEmpty(duckDbMessage)
            ? $"DuckDB failed while {operation} (DuckDB gave no error text)."
            : $"DuckDB failed while {operation}: {duckDbMessage}";
}
