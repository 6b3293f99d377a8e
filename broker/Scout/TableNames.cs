using System.Globalization;

namespace Casparian.Broker.Scout;

/// <summary>
/// The table a builtin parser's output goes to, named after the file: the stem split on '-', '_', '.' and spaces,
/// parts holding a digit dropped (dates, day numbers, sequence numbers), the rest joined with '_' and lowercased, so
/// <c>logins-day1.csv</c> and <c>logins-day2.csv</c> land in one table <c>logins</c>.
/// </summary>
public static class TableNames
{
    /// <summary>The longest table name produced (the sinks accept up to 48 characters).</summary>
    public const int MaxLength = 48;

    private static readonly char[] Separators = ['-', '_', '.', ' '];

    /// <summary>The table for <paramref name="fileName"/>, or <paramref name="fallback"/> when no part is left.</summary>
    /// <param name="fileName">A file name or relative path; only the last segment counts.</param>
    /// <param name="fallback">The parser's own name, e.g. <c>csv</c>.</param>
    public static string ForFile(string fileName, string fallback)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentException.ThrowIfNullOrEmpty(fallback);
        var name = fileName[(fileName.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        var stem = dot > 0 ? name[..dot] : name;
        var parts = stem.Split(Separators, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.Any(char.IsDigit))
            .Select(Clean)
            .Where(p => p.Length > 0);
        var table = string.Join('_', parts);
        if (table.Length == 0)
        {
            return fallback;
        }
        return table.Length > MaxLength ? table[..MaxLength].TrimEnd('_') : table;
    }

    // Sinks accept only ASCII letters, digits and '_': anything else in a part is dropped.
    private static string Clean(string part) =>
        new([.. part.ToLower(CultureInfo.InvariantCulture).Where(c => char.IsAsciiLetterLower(c) || c == '_')]);
}
