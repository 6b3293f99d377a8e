using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Casparian.Worker.Tests.Runtimes.PythonShim;

/// <summary>
/// Writes a minimal pure-Python wheel (a zip with the module, METADATA, WHEEL and RECORD), so the environment tests
/// install a real package without any network or build tool.
/// </summary>
internal static class TinyWheel
{
    /// <summary>Writes <c>{module}-{version}-py3-none-any.whl</c> into <paramref name="folder"/>; the module's VALUE is <paramref name="value"/>.</summary>
    public static string Write(string folder, string module, string version, string value)
    {
        var distInfo = $"{module}-{version}.dist-info";
        var files = new Dictionary<string, string>
        {
            [$"{module}/__init__.py"] = $"VALUE = {System.Text.Json.JsonSerializer.Serialize(value)}\n",
            [$"{distInfo}/METADATA"] = $"Metadata-Version: 2.1\nName: {module.Replace('_', '-')}\nVersion: {version}\n",
            [$"{distInfo}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: casparian-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        };
        var record = new StringBuilder();
        foreach (var (path, text) in files)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var digest = Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            record.Append($"{path},sha256={digest},{bytes.Length}\n");
        }
        record.Append($"{distInfo}/RECORD,,\n");
        files[$"{distInfo}/RECORD"] = record.ToString();

        Directory.CreateDirectory(folder);
        var wheel = Path.Combine(folder, $"{module}-{version}-py3-none-any.whl");
        using var zip = ZipFile.Open(wheel, ZipArchiveMode.Create);
        foreach (var (path, text) in files)
        {
            using var entry = zip.CreateEntry(path).Open();
            entry.Write(Encoding.UTF8.GetBytes(text));
        }
        return wheel;
    }
}
