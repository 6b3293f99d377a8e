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
            Console.Out.WriteLine("casparian doctor: nothing to check yet");
            return 0;
        });
        return command;
    }
}
