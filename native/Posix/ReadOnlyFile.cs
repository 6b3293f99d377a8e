using System.Runtime.InteropServices;

namespace Casparian.Native.Posix;

/// <summary>
/// A file opened read-only with open(2) and read with pread(2), nothing else. .NET's <c>File.OpenHandle</c> adds an
/// fstat and an advisory flock (its FileShare emulation) to every open and another flock to every close; for 100,000
/// small evidence files that was half of the system calls of a scan. Reading a small file whole is then four calls:
/// open, pread, pread (end of file), close.
/// </summary>
public sealed partial class ReadOnlyFile : SafeHandle
{
    private const int OpenReadOnly = 0;          // O_RDONLY
    private const int CloseOnExec = 0x80000;     // O_CLOEXEC: plugin subprocesses must not inherit evidence handles
    private const int Enoent = 2;
    private const int Eacces = 13;
    private const int Eintr = 4;

    private ReadOnlyFile()
        : base(-1, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle < 0;

    [LibraryImport("libc.so.6", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "pread64", SetLastError = true)]
    private static unsafe partial nint PRead(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc.so.6", EntryPoint = "close")]
    private static partial int CloseFile(int fd);

    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    /// <exception cref="FileNotFoundException">There is no such file (it may have been removed since it was listed).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read by this user.</exception>
    /// <exception cref="IOException">Any other failure, named with its errno.</exception>
    public static ReadOnlyFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int fd;
        do
        {
            fd = OpenFile(path, OpenReadOnly | CloseOnExec);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Eintr);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var reason = $"could not open '{path}' for reading: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
            throw errno switch
            {
                Enoent => new FileNotFoundException(reason, path),
                Eacces => new UnauthorizedAccessException(reason + "; give the scanning user read permission on it"),
                _ => new IOException(reason),
            };
        }
        var file = new ReadOnlyFile();
        file.SetHandle(fd);
        return file;
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length at <paramref name="offset"/>; 0 means the end of the file.</summary>
    /// <exception cref="IOException">The read failed (an I/O error, or the path is a folder).</exception>
    public unsafe int Read(Span<byte> buffer, long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            fixed (byte* start = buffer)
            {
                while (true)
                {
                    var read = PRead((int)handle, start, (nuint)buffer.Length, offset);
                    if (read >= 0)
                    {
                        return (int)read;
                    }
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != Eintr)
                    {
                        throw new IOException($"could not read at offset {offset}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
                    }
                }
            }
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => CloseFile((int)handle) == 0;
}
