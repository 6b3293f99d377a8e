namespace Casparian.Native;

/// <summary>
/// A native library Casparian needs could not be loaded. The message names the library and the command that installs it.
/// </summary>
public sealed class NativeLibraryMissingException : DllNotFoundException
{
    public NativeLibraryMissingException(string library, string installHint, string? detail)
        : base($"native library {library} could not be loaded{(detail is null ? "" : $" ({detail})")}; install it with: {installHint}")
    {
        Library = library;
        InstallHint = installHint;
    }

    public NativeLibraryMissingException()
    {
        Library = "";
        InstallHint = "";
    }

    public NativeLibraryMissingException(string message) : base(message)
    {
        Library = "";
        InstallHint = "";
    }

    public NativeLibraryMissingException(string message, Exception innerException) : base(message, innerException)
    {
        Library = "";
        InstallHint = "";
    }

    /// <summary>The file name that was looked for, e.g. <c>libzmq.so.5</c>.</summary>
    public string Library { get; }

    /// <summary>The command that installs it.</summary>
    public string InstallHint { get; }
}
