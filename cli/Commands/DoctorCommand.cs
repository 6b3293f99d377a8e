using System.CommandLine;

namespace Casparian.Cli.Commands;

/// <summary><c>casparian doctor</c>: checks that the native libraries load and work on this machine.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check that libzmq, libduckdb and libsodium load and work on this machine.");
        command.SetAction(_ =>
        {
            var healthy = DoctorMessagingCheck.ZeroMq(Console.Out) & DoctorStorageAndSigningChecks.DuckDb(Console.Out) & DoctorStorageAndSigningChecks.Sodium(Console.Out);
            return healthy ? 0 : 1;
        });
        return command;
    }
}
