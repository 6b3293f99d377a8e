using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Casparian.Protocol.Identity;

/// <summary>
/// The canonical JSON form hashed by <see cref="SchemaHash"/>, so equal schemas hash equally however written:
/// <list type="bullet">
/// <item>no whitespace outside strings; UTF-8; every string (keys too) in Unicode NFC (Unicode 14.0 tables);</item>
/// <item>object members sorted by the UTF-8 bytes of their keys (code point order); duplicate keys are an error;</item>
/// <item>strings escape only <c>"</c>, <c>\</c> and U+0000..U+001F (<c>\b \t \n \f \r</c>, else <c>\u00xx</c>
/// lowercase); everything else is written as itself;</item>
/// <item>a number whose value is an integer in the 64-bit signed range is written as that integer (<c>1.0</c>,
/// <c>1e2</c>, <c>-0</c> become <c>1</c>, <c>100</c>, <c>0</c>); any other number as the shortest string that
/// round-trips its IEEE-754 double, with a lowercase <c>e</c> and an exponent without <c>+</c> or leading zeros
/// (<c>1.5e-7</c>); numbers beyond the double range are an error;</item>
/// <item><c>true</c>, <c>false</c>, <c>null</c> as themselves.</item>
/// </list>
/// </summary>
public static class CanonicalJson
{
    /// <summary>Largest document accepted (schemas are small; this bounds memory).</summary>
    public const int MaxDocumentBytes = 16 << 20;

    /// <summary>The canonical UTF-8 bytes of a JSON document given as text.</summary>
    /// <exception cref="CanonicalJsonException">Not JSON, or JSON without a canonical form; the message says why.</exception>
    public static byte[] Canonicalize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxDocumentBytes)
        {
            throw new CanonicalJsonException($"The JSON document has {json.Length} characters; at most {MaxDocumentBytes} are accepted.");
        }
        return Canonicalize(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>The canonical UTF-8 bytes of a JSON document given as UTF-8.</summary>
    /// <exception cref="CanonicalJsonException">Not JSON, or JSON without a canonical form; the message says why.</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxDocumentBytes)
        {
            throw new CanonicalJsonException($"The JSON document has {utf8Json.Length} bytes; at most {MaxDocumentBytes} are accepted.");
        }
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                throw new CanonicalJsonException($"The document is not valid JSON: more data follows the value at byte {reader.TokenStartIndex}.");
            }
        }
        catch (JsonException error)
        {
            throw new CanonicalJsonException($"The document is not valid JSON: {error.Message}", error);
        }
        using (document)
        {
            var output = new StringBuilder(utf8Json.Length);
            Write(document.RootElement, output);
            return Encoding.UTF8.GetBytes(output.ToString());
        }
    }

    private static void Write(JsonElement element, StringBuilder output)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(element, output);
                break;
            case JsonValueKind.Array:
                output.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        output.Append(',');
                    }
                    first = false;
                    Write(item, output);
                }
                output.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(Normalized(StringValue(element)), output);
                break;
            case JsonValueKind.Number:
                output.Append(CanonicalNumber(element.GetRawText()));
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            default:
                output.Append("null");
                break;
        }
    }

    private static void WriteObject(JsonElement element, StringBuilder output)
    {
        var members = element.EnumerateObject()
            .Select(p => (Key: Normalized(PropertyName(p)), Value: p.Value))
            .Select(m => (m.Key, Utf8: Encoding.UTF8.GetBytes(m.Key), m.Value))
            .ToList();
        members.Sort((a, b) => a.Utf8.AsSpan().SequenceCompareTo(b.Utf8));
        output.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                if (members[i].Utf8.AsSpan().SequenceEqual(members[i - 1].Utf8))
                {
                    throw new CanonicalJsonException($"The object has the key \"{members[i].Key}\" twice (after Unicode normalization); keys must be unique.");
                }
                output.Append(',');
            }
            WriteString(members[i].Key, output);
            output.Append(':');
            Write(members[i].Value, output);
        }
        output.Append('}');
    }

    // System.Text.Json refuses to decode an escaped unpaired surrogate ("\ud800") to a string.
    private static string StringValue(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException error)
        {
            throw new CanonicalJsonException($"A string is not valid Unicode: {error.Message}", error);
        }
    }

    private static string PropertyName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException error)
        {
            throw new CanonicalJsonException($"A key is not valid Unicode: {error.Message}", error);
        }
    }

    private static string Normalized(string value)
    {
        try
        {
            return UnicodeNfc.Normalize(value);
        }
        catch (ArgumentException error)
        {
            throw new CanonicalJsonException($"A string is not valid Unicode: {error.Message}", error);
        }
    }

    private static void WriteString(string value, StringBuilder output)
    {
        output.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => output.Append("\\\""),
                '\\' => output.Append("\\\\"),
                '\b' => output.Append("\\b"),
                '\t' => output.Append("\\t"),
                '\n' => output.Append("\\n"),
                '\f' => output.Append("\\f"),
                '\r' => output.Append("\\r"),
                < ' ' => output.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => output.Append(c),
            };
        }
        output.Append('"');
    }

    private static string CanonicalNumber(string raw)
    {
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
            && decimal.Truncate(exact) == exact && exact >= long.MinValue && exact <= long.MaxValue)
        {
            return ((long)exact).ToString(CultureInfo.InvariantCulture);
        }
        var value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw new CanonicalJsonException($"The number {raw} is beyond the range of a 64-bit float and has no canonical form.");
        }
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOf('E', StringComparison.Ordinal);
        if (exponentAt < 0)
        {
            return text;
        }
        var exponent = int.Parse(text.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{text.AsSpan(0, exponentAt)}e{exponent}");
    }
}
