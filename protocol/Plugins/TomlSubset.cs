using System.Globalization;
using System.Text;

namespace Casparian.Protocol.Plugins;

/// <summary>
/// Reads the subset of TOML 1.0 that <c>casparian.toml</c> needs: comments, bare keys, basic and literal strings,
/// integers, booleans, arrays of those, <c>[table]</c> and <c>[[array of tables]]</c> headers. Anything else is
/// refused with the line number, never guessed. A table is a dictionary of <see cref="string"/>, <see cref="long"/>,
/// <see cref="bool"/>, <c>List&lt;object&gt;</c>, nested tables and <c>List&lt;Dictionary&lt;string, object&gt;&gt;</c>.
/// </summary>
public static class TomlSubset
{
    /// <summary>The largest manifest accepted.</summary>
    public const int MaxDocumentChars = 1 << 20;

    /// <summary>Parses <paramref name="text"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="PluginBundleException">The text is not in the supported subset; the message names the line.</exception>
    public static Dictionary<string, object> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxDocumentChars)
        {
            throw new PluginBundleException($"{source} is {text.Length} characters; a manifest is at most {MaxDocumentChars}");
        }
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        var current = root;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var reader = new LineReader(lines, i, source);
            reader.SkipSpace();
            if (reader.AtEndOfLine)
            {
                continue;
            }
            if (reader.Peek == '[')
            {
                current = ReadHeader(ref reader, root);
            }
            else
            {
                var key = reader.ReadKey();
                reader.SkipSpace();
                reader.Expect('=');
                reader.SkipSpace();
                var value = reader.ReadValue();
                if (!current.TryAdd(key, value))
                {
                    throw reader.Error($"key '{key}' is defined twice");
                }
            }
            reader.SkipSpace();
            if (!reader.AtEndOfLine)
            {
                throw reader.Error($"unexpected '{reader.Peek}' after the value");
            }
            i = reader.Line;
        }
        return root;
    }

    private static Dictionary<string, object> ReadHeader(ref LineReader reader, Dictionary<string, object> root)
    {
        reader.Expect('[');
        var isArray = reader.Peek == '[';
        if (isArray)
        {
            reader.Expect('[');
        }
        reader.SkipSpace();
        var name = reader.ReadKey();
        reader.SkipSpace();
        reader.Expect(']');
        if (isArray)
        {
            reader.Expect(']');
        }
        var table = new Dictionary<string, object>(StringComparer.Ordinal);
        if (isArray)
        {
            if (!root.TryGetValue(name, out var existing))
            {
                root[name] = new List<Dictionary<string, object>> { table };
            }
            else if (existing is List<Dictionary<string, object>> tables)
            {
                tables.Add(table);
            }
            else
            {
                throw reader.Error($"'{name}' is already a value, not an array of tables");
            }
        }
        else if (!root.TryAdd(name, table))
        {
            throw reader.Error($"table [{name}] is defined twice");
        }
        return table;
    }

    /// <summary>A cursor over the manifest's lines; multi-line arrays move it to later lines.</summary>
    private ref struct LineReader(string[] lines, int line, string source)
    {
        private int _position;

        public int Line { get; private set; } = line;

        private readonly string Text => lines[Line];

        public readonly bool AtEndOfLine => _position >= Text.Length || Text[_position] == '#';

        public readonly char Peek => _position < Text.Length ? Text[_position] : '\n';

        public void SkipSpace()
        {
            while (_position < Text.Length && Text[_position] is ' ' or '\t')
            {
                _position++;
            }
        }

        public void Expect(char c)
        {
            if (Peek != c)
            {
                throw Error($"expected '{c}'");
            }
            _position++;
        }

        public string ReadKey()
        {
            if (Peek == '"')
            {
                return ReadBasicString();
            }
            var start = _position;
            while (_position < Text.Length && (char.IsAsciiLetterOrDigit(Text[_position]) || Text[_position] is '_' or '-'))
            {
                _position++;
            }
            if (_position == start)
            {
                throw Error("expected a key (letters, digits, '_' or '-')");
            }
            if (Peek == '.')
            {
                throw Error("dotted keys are not supported in casparian.toml; use a [table] header");
            }
            return Text[start.._position];
        }

        public object ReadValue()
        {
            switch (Peek)
            {
                case '"':
                    if (Text.AsSpan(_position).StartsWith("\"\"\"", StringComparison.Ordinal))
                    {
                        throw Error("multi-line strings are not supported in casparian.toml; write the string on one line");
                    }
                    return ReadBasicString();
                case '\'':
                    return ReadLiteralString();
                case '[':
                    return ReadArray();
                case '{':
                    throw Error("inline tables are not supported in casparian.toml; use a [table] header");
            }
            var start = _position;
            while (_position < Text.Length && Text[_position] is not (' ' or '\t' or ',' or ']' or '#'))
            {
                _position++;
            }
            var token = Text[start.._position];
            if (token is "true" or "false")
            {
                return token == "true";
            }
            var digits = token.Replace("_", "", StringComparison.Ordinal);
            if (digits.Length > 0 && !token.StartsWith('_') && !token.EndsWith('_')
                && long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
            throw Error(token.Length == 0 ? "expected a value" : $"'{token}' is not a supported value (strings in quotes, integers, true/false, arrays)");
        }

        private List<object> ReadArray()
        {
            Expect('[');
            var items = new List<object>();
            while (true)
            {
                SkipSpaceAndNewLines();
                if (Peek == ']')
                {
                    _position++;
                    return items;
                }
                items.Add(ReadValue());
                SkipSpaceAndNewLines();
                if (Peek == ',')
                {
                    _position++;
                    continue;
                }
                if (Peek != ']')
                {
                    throw Error("expected ',' or ']' in the array");
                }
            }
        }

        private void SkipSpaceAndNewLines()
        {
            while (true)
            {
                SkipSpace();
                if (!AtEndOfLine)
                {
                    return;
                }
                if (Line + 1 >= lines.Length)
                {
                    throw Error("the array is not closed with ']'");
                }
                Line++;
                _position = 0;
            }
        }

        private string ReadLiteralString()
        {
            Expect('\'');
            var end = Text.IndexOf('\'', _position);
            if (end < 0)
            {
                throw Error("the string is not closed with '");
            }
            var value = Text[_position..end];
            _position = end + 1;
            return value;
        }

        private string ReadBasicString()
        {
            Expect('"');
            var value = new StringBuilder();
            while (true)
            {
                if (_position >= Text.Length)
                {
                    throw Error("the string is not closed with \"");
                }
                var c = Text[_position++];
                if (c == '"')
                {
                    return value.ToString();
                }
                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }
                var escape = _position < Text.Length ? Text[_position++] : '\n';
                switch (escape)
                {
                    case '"': value.Append('"'); break;
                    case '\\': value.Append('\\'); break;
                    case 'n': value.Append('\n'); break;
                    case 't': value.Append('\t'); break;
                    case 'r': value.Append('\r'); break;
                    case 'u' when _position + 4 <= Text.Length
                        && int.TryParse(Text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                        value.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        throw Error($"'\\{escape}' is not a supported escape");
                }
            }
        }

        public readonly PluginBundleException Error(string message) =>
            new($"{source}, line {Line + 1}: {message}");
    }
}
