using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Casparian.Cli.Run;

/// <summary>Prints query results as an aligned table, RFC 4180 CSV, or JSON lines (one object per row).</summary>
internal static class QueryFormats
{
    public static void Write(TextWriter output, string format, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows)
    {
        switch (format)
        {
            case "csv":
                output.WriteLine(string.Join(',', columns.Select(Csv)));
                foreach (var row in rows)
                {
                    output.WriteLine(string.Join(',', row.Select(v => v is null ? "" : Csv(Text(v)))));
                }
                break;
            case "json":
                foreach (var row in rows)
                {
                    output.WriteLine(Json(columns, row));
                }
                break;
            default:
                Table(output, columns, rows);
                break;
        }
    }

    private static void Table(TextWriter output, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows)
    {
        var cells = rows.Select(r => r.Select(v => v is null ? "NULL" : Text(v).ReplaceLineEndings(" ")).ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        output.WriteLine(string.Join(" | ", columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in cells)
        {
            output.WriteLine(string.Join(" | ", row.Select((v, i) => v.PadRight(widths[i]))).TrimEnd());
        }
        output.WriteLine($"({rows.Count} rows)");
    }

    private static string Text(object value) => value switch
    {
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToHexStringLower(b),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Csv(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static string Json(IReadOnlyList<string> columns, object?[] row)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            for (var i = 0; i < columns.Count; i++)
            {
                json.WritePropertyName(columns[i]);
                switch (row[i])
                {
                    case null:
                        json.WriteNullValue();
                        break;
                    case bool b:
                        json.WriteBooleanValue(b);
                        break;
                    case long or int or short or sbyte or byte or ushort or uint:
                        json.WriteNumberValue(Convert.ToInt64(row[i], CultureInfo.InvariantCulture));
                        break;
                    case double or float or decimal:
                        json.WriteNumberValue(Convert.ToDouble(row[i], CultureInfo.InvariantCulture));
                        break;
                    default:
                        json.WriteStringValue(Text(row[i]!));
                        break;
                }
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
