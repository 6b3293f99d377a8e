using System.Text;

namespace Casparian.Cli.Commands;

/// <summary>
/// One output line in b3sum's format: <c>&lt;hex&gt;  &lt;path&gt;</c>. Like b3sum (and sha256sum), a path containing a
/// backslash or a newline is escaped (<c>\\</c>, <c>\n</c>) and the line then starts with a backslash, so every
/// line stays one line and can be checked back.
/// </summary>
internal static class HashLineFormat
{
    public static string Line(ReadOnlySpan<byte> digest, string path, bool noNames)
    {
        var hex = Convert.ToHexStringLower(digest);
        if (noNames)
        {
            return hex;
        }
        if (!path.Contains('\\', StringComparison.Ordinal) && !path.Contains('\n', StringComparison.Ordinal))
        {
            return $"{hex}  {path}";
        }
        var escaped = new StringBuilder(path.Length + 8);
        foreach (var c in path)
        {
            _ = c switch
            {
                '\\' => escaped.Append(@"\\"),
                '\n' => escaped.Append(@"\n"),
                _ => escaped.Append(c),
            };
        }
        return $"\\{hex}  {escaped}";
    }
}
