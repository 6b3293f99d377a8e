namespace Casparian.Protocol.Plugins.ControlFrames;

/// <summary>
/// A plugin wrote a stderr line that is not a valid control frame (not JSON, unknown <c>type</c>, a missing or bad
/// field, too long). The job fails with <see cref="BadFrame"/>; the message quotes what was wrong.
/// </summary>
public sealed class ControlFrameException : Exception
{
    /// <summary>The reason code of every malformed frame.</summary>
    public const string BadFrame = "plugin.bad_frame";

    public ControlFrameException()
        : this("the plugin wrote a malformed control frame")
    {
    }

    public ControlFrameException(string message)
        : base(message)
    {
    }

    public ControlFrameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Always <see cref="BadFrame"/>.</summary>
    public string Code => BadFrame;
}
