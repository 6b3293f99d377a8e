namespace Casparian.Worker.Parsers;

/// <summary>
/// A single record (a CSV row, a JSONL line) is larger than the parser's limit, which almost always means an
/// unterminated quote or a file that is not of this format. Raise the limit only if such records are real.
/// </summary>
public sealed class InputRecordTooLargeException : Exception
{
    public InputRecordTooLargeException(string path, long lineNumber, int maxRecordBytes)
        : base($"'{path}': the record starting at line {lineNumber} is longer than {maxRecordBytes} bytes; check for an unterminated quote or raise {nameof(BuiltinParserOptions.MaxRecordBytes)}")
    {
        LineNumber = lineNumber;
    }

    public InputRecordTooLargeException()
    {
    }

    public InputRecordTooLargeException(string message)
        : base(message)
    {
    }

    public InputRecordTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The line where the record starts.</summary>
    public long LineNumber { get; }
}
