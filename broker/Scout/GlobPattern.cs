using System.Text;
using System.Text.RegularExpressions;

namespace Casparian.Broker.Scout;

/// <summary>
/// A routing glob matched against a file's '/'-separated path relative to its source root: <c>**</c> matches any
/// number of whole path segments (also none, so <c>**/*.csv</c> matches <c>a.csv</c>), <c>*</c> any run of characters
/// within one segment, <c>?</c> one character within a segment; everything else matches itself, case-sensitively
/// (evidence file systems are case-sensitive).
/// </summary>
public sealed class GlobPattern
{
    /// <summary>The longest pattern accepted; routing globs are short, a huge one is a mistake.</summary>
    public const int MaxLength = 1024;

    private readonly Regex _regex;

    private GlobPattern(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>Compiles <paramref name="pattern"/>.</summary>
    /// <exception cref="FormatException">The pattern is empty, too long, absolute, or uses <c>**</c> inside a segment.</exception>
    public static GlobPattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length is 0 or > MaxLength)
        {
            throw new FormatException($"glob '{pattern}' must be 1..{MaxLength} characters, e.g. \"**/*.csv\"");
        }
        if (pattern.StartsWith('/'))
        {
            throw new FormatException($"glob '{pattern}' is absolute; globs match paths relative to the scanned folder, e.g. \"**/*.csv\"");
        }
        var regex = new StringBuilder("^");
        var segments = pattern.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == "**")
            {
                // Any number of whole segments: with a following segment it is an optional "dirs/" prefix.
                regex.Append(last ? ".*" : "(?:[^/]*/)*");
                continue;
            }
            if (segment.Contains("**", StringComparison.Ordinal))
            {
                throw new FormatException($"glob '{pattern}' uses ** inside the segment '{segment}'; ** must be a whole segment, e.g. \"logs/**/*.csv\"");
            }
            AppendSegment(regex, segment);
            if (!last)
            {
                regex.Append('/');
            }
        }
        regex.Append('$');
        return new GlobPattern(pattern, new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
    }

    /// <summary>Whether <paramref name="relativePath"/> ('/'-separated, no leading '/') matches.</summary>
    public bool IsMatch(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return _regex.IsMatch(relativePath);
    }

    /// <inheritdoc />
    public override string ToString() => Pattern;

    private static void AppendSegment(StringBuilder regex, string segment)
    {
        foreach (var c in segment)
        {
            switch (c)
            {
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
    }
}
