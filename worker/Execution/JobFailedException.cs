namespace Casparian.Worker.Execution;

/// <summary>
/// A runtime's way to fail a job with a stable reason code and a retry classification; anything else a runtime throws
/// is reported as a crash.
/// </summary>
public sealed class JobFailedException : Exception
{
    public JobFailedException(string kind, string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Code = code;
    }

    public JobFailedException()
        : this(FailureKind.Permanent, "job.failed", "the job failed")
    {
    }

    public JobFailedException(string message)
        : this(FailureKind.Permanent, "job.failed", message)
    {
    }

    public JobFailedException(string message, Exception innerException)
        : this(FailureKind.Permanent, "job.failed", message, innerException)
    {
    }

    /// <summary>One of <see cref="FailureKind"/>'s values.</summary>
    public string Kind { get; }

    /// <summary>Stable reason, e.g. <c>plugin.no_hello</c>.</summary>
    public string Code { get; }
}

/// <summary>The retry classes of DESIGN §4, as they travel in <c>JobError.Kind</c>.</summary>
public static class FailureKind
{
    /// <summary>Retry with backoff.</summary>
    public const string Transient = "transient";

    /// <summary>Fail at once (protocol or contract violation).</summary>
    public const string Permanent = "permanent";

    /// <summary>The parser crashed; repeated crashes on one file hash make it a poison input.</summary>
    public const string Crash = "crash";
}
