namespace Casparian.Protocol.Wire;

/// <summary>
/// The one exception raised for malformed wire input. <see cref="Error"/> classifies it and <see cref="Field"/> names
/// the part of the message at fault, so the receiver can count it, log it once per peer and answer with ERR.
/// </summary>
public sealed class ProtocolException : Exception
{
    public ProtocolException(ProtocolError error, string field, string message, Exception? innerException = null)
        : base($"protocol error {error} in {field}: {message}", innerException)
    {
        Error = error;
        Field = field;
    }

    public ProtocolException()
        : this(ProtocolError.InvalidField, "message", "unspecified")
    {
    }

    public ProtocolException(string message)
        : this(ProtocolError.InvalidField, "message", message)
    {
    }

    public ProtocolException(string message, Exception innerException)
        : this(ProtocolError.InvalidField, "message", message, innerException)
    {
    }

    /// <summary>What class of malformed input this is.</summary>
    public ProtocolError Error { get; }

    /// <summary>The field at fault, e.g. <c>header.version</c> or <c>meta</c>.</summary>
    public string Field { get; }
}
