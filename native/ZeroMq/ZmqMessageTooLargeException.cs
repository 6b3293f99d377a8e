namespace Casparian.Native.ZeroMq;

/// <summary>
/// A received multipart message exceeded the limits of its <see cref="ZmqMultipartMessage"/>; the message was
/// drained from the socket and discarded, so the socket can keep receiving.
/// </summary>
public sealed class ZmqMessageTooLargeException : Exception
{
    public ZmqMessageTooLargeException()
    {
    }

    public ZmqMessageTooLargeException(string message) : base(message)
    {
    }

    public ZmqMessageTooLargeException(string message, Exception innerException) : base(message, innerException)
    {
    }

    internal ZmqMessageTooLargeException(ZmqSocketType socket, int maxFrames, int maxFrameLength)
        : base($"A message on the {socket} socket had more than {maxFrames} frames or a frame longer than {maxFrameLength} bytes; " +
               "it was discarded. Raise the ZmqMultipartMessage limits if such messages are legitimate.")
    {
    }
}
