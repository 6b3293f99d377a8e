using System.CommandLine;
using Casparian.Broker.Api;

namespace Casparian.Cli.Commands;

/// <summary><c>casparian init</c>: prepares a working directory (today: the control API's bearer token).</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "the directory for Casparian's local state", DefaultValueFactory = _ => ".casparian" };
        var command = new Command("init", "Create .casparian/ with an API token (mode 0600); an existing token is kept.") { dir };
        command.SetAction(parse =>
        {
            var path = Path.Combine(parse.GetValue(dir)!, "api-token");
            Console.WriteLine(ApiToken.CreateFile(path) ? $"created {path}" : $"kept existing {path}");
            return 0;
        });
        return command;
    }
}
