using System.Globalization;
using System.Text;

namespace Casparian.Bench.Scenarios.IngestCsv;

/// <summary>
/// A deterministic CSV of login-like events: 15 columns (int, float, bool, timestamp, text), about 150 bytes a row, so
/// 2,000,000 rows make about 300 MB. The same row count always gives the same bytes (a fixed-seed generator), and the
/// file is kept in the temp folder between runs.
/// </summary>
internal static class BenchCsvFile
{
    public const string Header = "id,ts,user,host,event_id,logon_type,bytes_in,bytes_out,duration_s,score,success,elevated,process,command_line,port";

    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin", "svc_backup", "administrator", "mallory"];
    private static readonly string[] Hosts = ["WS-0142", "WS-0177", "FS-02", "DC-01", "LAPTOP-9Q", "SRV-WEB-03"];
    private static readonly string[] Processes = ["explorer.exe", "powershell.exe", "svchost.exe", "cmd.exe", "sshd", "chrome.exe"];
    private static readonly string[] Commands = ["-NoProfile -ExecutionPolicy Bypass -Command Get-Process", "/c dir C:\\Users\\Public", "--type=renderer --lang=en-US --field-trial", "-k netsvcs -p -s Schedule", "\"quoted, with comma\""];

    /// <summary>The file for <paramref name="rows"/> rows, generated on first use.</summary>
    public static string Ensure(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"casparian-bench-ingest-{rows}.csv"));
        if (File.Exists(path))
        {
            return path;
        }
        var staging = path + ".tmp";
        using (var writer = new StreamWriter(staging, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.NewLine = "\n";
            writer.WriteLine(Header);
            var random = new Random(20260302);
            var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < rows; i++)
            {
                var ts = start.AddSeconds(i * 0.5 + random.Next(0, 500) / 1000.0);
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{i},{ts:yyyy-MM-ddTHH:mm:ss.fffZ},{Users[random.Next(Users.Length)]},{Hosts[random.Next(Hosts.Length)]},{4600 + random.Next(200)},{random.Next(2, 12)},{random.Next(0, 5_000_000)},{random.NextInt64(0, 50_000_000_000)},{random.NextDouble() * 3600:0.###},{random.NextDouble():0.######},{(random.Next(4) != 0 ? "true" : "false")},{(random.Next(10) == 0 ? "true" : "false")},{Processes[random.Next(Processes.Length)]},{Commands[random.Next(Commands.Length)]},{random.Next(1, 65536)}"));
            }
        }
        File.Move(staging, path, overwrite: true);
        return path;
    }
}
