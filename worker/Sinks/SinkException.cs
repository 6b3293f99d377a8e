namespace Casparian.Worker.Sinks;

/// <summary>A sink could not stage or commit a job's output; the message names the target and what to do.</summary>
public class SinkException : Exception
{
    public SinkException()
    {
    }

    public SinkException(string message) : base(message)
    {
    }

    public SinkException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>Sink mode Error found data already in the target.</summary>
public sealed class SinkTargetNotEmptyException : SinkException
{
    public SinkTargetNotEmptyException()
    {
    }

    public SinkTargetNotEmptyException(string message) : base(message)
    {
    }

    public SinkTargetNotEmptyException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The standard message: which target, and the two ways out.</summary>
    public static SinkTargetNotEmptyException For(string target) =>
        new($"sink mode Error: {target} already has data; empty or remove it, or run the job with sink mode Append or Replace");
}

/// <summary>The sink's target could not be reached or opened right now (locked, down); trying again later may work.</summary>
public sealed class SinkUnavailableException : SinkException
{
    public SinkUnavailableException()
    {
    }

    public SinkUnavailableException(string message) : base(message)
    {
    }

    public SinkUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
