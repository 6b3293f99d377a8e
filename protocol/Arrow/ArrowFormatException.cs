namespace Casparian.Protocol.Arrow;

/// <summary>
/// The one exception the Arrow reader throws for input that is not valid Arrow IPC: truncated streams, bad FlatBuffer
/// offsets, buffers out of range, impossible lengths, unknown type ids. The message names the offending thing and where
/// it was found, so a plugin author can fix the writer that produced it.
/// </summary>
public sealed class ArrowFormatException : Exception
{
    public ArrowFormatException()
    {
    }

    public ArrowFormatException(string message) : base(message)
    {
    }

    public ArrowFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
