using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Casparian.Protocol.Arrow.Arrays;
using Casparian.Protocol.Plugins;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>
/// One row of a plugin's output as a JSON object (<c>{"col":value,…}</c>), the <c>raw_line</c> of a quarantine row the
/// host rejected, so whoever reads the quarantine table sees the whole row. Timestamps and dates are ISO 8601,
/// binary is base64, text that is not UTF-8 is shown with replacement characters.
/// </summary>
internal static class RowText
{
    private static readonly long MinMicros = (DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
    private static readonly long MaxMicros = (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
    private static readonly long EpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public static string Render(RecordBatch batch, int row)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps non-ASCII text readable in the quarantine table; the text is data, never HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            for (var c = 0; c < batch.Columns.Count; c++)
            {
                var field = batch.Schema.Fields[c];
                var array = batch.Columns[c];
                json.WritePropertyName(field.Name);
                if (!array.IsValid(row) || !OutputColumnTypes.TryFromArrow(field.Type, out var type))
                {
                    json.WriteNullValue();
                    continue;
                }
                WriteValue(json, array, type, row);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteValue(Utf8JsonWriter json, ArrowArray array, OutputColumnType type, int row)
    {
        switch (type)
        {
            case OutputColumnType.Int64:
                json.WriteNumberValue(array.Int(row));
                break;
            case OutputColumnType.Float64:
                var value = BinaryPrimitives.ReadDoubleLittleEndian(array.FixedBytes(row));
                if (double.IsFinite(value))
                {
                    json.WriteNumberValue(value);
                }
                else
                {
                    json.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
                }
                break;
            case OutputColumnType.Bool:
                json.WriteBooleanValue(array.Bool(row));
                break;
            case OutputColumnType.Utf8:
                json.WriteStringValue(Encoding.UTF8.GetString(array.Bytes(row)));
                break;
            case OutputColumnType.Binary:
                json.WriteBase64StringValue(array.Bytes(row));
                break;
            case OutputColumnType.Timestamp:
                var micros = array.Int(row);
                if (micros >= MinMicros && micros <= MaxMicros)
                {
                    json.WriteStringValue(DateTimeOffset.UnixEpoch.AddTicks(micros * 10).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture));
                }
                else
                {
                    json.WriteNumberValue(micros); // outside what .NET dates can show: the raw microseconds
                }
                break;
            case OutputColumnType.Date:
                var day = EpochDay + array.Int(row);
                if (day >= DateOnly.MinValue.DayNumber && day <= DateOnly.MaxValue.DayNumber)
                {
                    json.WriteStringValue(DateOnly.FromDayNumber((int)day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }
                else
                {
                    json.WriteNumberValue(array.Int(row));
                }
                break;
        }
    }
}
