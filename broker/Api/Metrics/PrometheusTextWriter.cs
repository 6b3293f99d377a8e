using System.Globalization;
using System.Text;

namespace Casparian.Broker.Api.Metrics;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4: HELP and TYPE lines, counters with the
/// <c>_total</c> suffix, histograms as cumulative <c>_bucket{le=…}</c> plus <c>_sum</c> and <c>_count</c>, names and
/// label names sanitized (dots become underscores) and label values escaped.
/// </summary>
internal static class PrometheusTextWriter
{
    /// <summary>The Content-Type of this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Write(TextWriter output, IEnumerable<MetricFamily> families)
    {
        foreach (var family in families)
        {
            var series = family.Series.ToList();
            if (series.Count == 0)
            {
                continue;
            }
            var name = SanitizeName(family.Instrument.Name);
            if (family.Kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
            {
                name += "_total";
            }
            var help = family.Instrument.Description ?? family.Instrument.Name;
            if (!string.IsNullOrEmpty(family.Instrument.Unit))
            {
                help += $" ({family.Instrument.Unit})";
            }
            output.Write($"# HELP {name} {EscapeHelp(help)}\n");
            output.Write($"# TYPE {name} {family.Kind.ToString().ToLowerInvariant()}\n");
            foreach (var one in series)
            {
                var labels = one.Labels.Select(l => (SanitizeLabelName(l.Key), l.Value)).ToList();
                var reading = one.Read();
                if (family.Kind != MetricKind.Histogram)
                {
                    WriteSample(output, name, labels, reading.Value);
                    continue;
                }
                for (var i = 0; i < reading.CumulativeBuckets.Length; i++)
                {
                    var le = i < one.Bounds!.Length ? FormatValue(one.Bounds[i]) : "+Inf";
                    WriteSample(output, name + "_bucket", [.. labels, ("le", le)], reading.CumulativeBuckets[i]);
                }
                WriteSample(output, name + "_sum", labels, reading.Sum);
                WriteSample(output, name + "_count", labels, reading.Count);
            }
        }
    }

    /// <summary>A metric name: only <c>[a-zA-Z0-9_:]</c>, not starting with a digit.</summary>
    public static string SanitizeName(string name) => Sanitize(name, allowColon: true);

    /// <summary>A label name: only <c>[a-zA-Z0-9_]</c>, not starting with a digit.</summary>
    public static string SanitizeLabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>A label value with backslash, double quote and line feed escaped.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Sanitize(string name, bool allowColon)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }
        return builder.ToString();
    }

    private static void WriteSample(TextWriter output, string name, IReadOnlyList<(string Name, string Value)> labels, double value)
    {
        output.Write(name);
        if (labels.Count > 0)
        {
            output.Write('{');
            for (var i = 0; i < labels.Count; i++)
            {
                output.Write(i == 0 ? "" : ",");
                output.Write($"{labels[i].Name}=\"{EscapeLabelValue(labels[i].Value)}\"");
            }
            output.Write('}');
        }
        output.Write(' ');
        output.Write(FormatValue(value));
        output.Write('\n');
    }

    private static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
