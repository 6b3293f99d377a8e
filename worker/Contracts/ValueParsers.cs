using System.Buffers.Text;
using System.Text.Unicode;

namespace Casparian.Worker.Contracts;

/// <summary>Strict parsers from UTF-8 text to the contract's value types: the whole text must be the value.</summary>
public static class ValueParsers
{
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && text.Length > 0;

    public static bool TryParseFloat64(ReadOnlySpan<byte> text, out double value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && text.Length > 0;

    /// <summary><c>true</c> or <c>false</c> in any letter case; nothing else (0/1 stay integers).</summary>
    public static bool TryParseBool(ReadOnlySpan<byte> text, out bool value)
    {
        if (System.Text.Ascii.EqualsIgnoreCase(text, "true"u8))
        {
            value = true;
            return true;
        }
        value = false;
        return System.Text.Ascii.EqualsIgnoreCase(text, "false"u8);
    }

    public static bool IsValidUtf8(ReadOnlySpan<byte> text) => Utf8.IsValid(text);

    /// <summary>Whether a value of this kind, with this text, is a value of <paramref name="type"/>.</summary>
    public static bool Accepts(ColumnType type, ValueKind kind, ReadOnlySpan<byte> text) => type switch
    {
        ColumnType.Int64 => kind is ValueKind.Text or ValueKind.Number && TryParseInt64(text, out _),
        ColumnType.Float64 => kind is ValueKind.Text or ValueKind.Number && TryParseFloat64(text, out _),
        ColumnType.Bool => kind is ValueKind.Text or ValueKind.Bool && TryParseBool(text, out _),
        ColumnType.Timestamp => kind is ValueKind.Text or ValueKind.String && IsoTimestamp.TryParseMicros(text, out _),
        _ => IsValidUtf8(text),
    };
}
