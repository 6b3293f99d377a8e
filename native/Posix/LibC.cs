using System.Runtime.InteropServices;

namespace Casparian.Native.Posix;

/// <summary>The few libc calls .NET does not expose: signals to whole process groups.</summary>
public static partial class LibC
{
    /// <summary>SIGTERM: ask to stop.</summary>
    public const int SigTerm = 15;

    /// <summary>SIGKILL: stop now, cannot be caught.</summary>
    public const int SigKill = 9;

    private const int Esrch = 3;

    [LibraryImport("libc.so.6", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>
    /// Sends <paramref name="signal"/> to every process of the group <paramref name="processGroupId"/>. Returns false when
    /// the group has no process left (ESRCH); other errors throw.
    /// </summary>
    public static bool SignalGroup(int processGroupId, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(processGroupId, 1);
        if (Kill(-processGroupId, signal) == 0)
        {
            return true;
        }
        var errno = Marshal.GetLastPInvokeError();
        if (errno == Esrch)
        {
            return false;
        }
        throw new InvalidOperationException($"kill(-{processGroupId}, {signal}) failed with errno {errno}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }
}
