using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Casparian.Broker.Tests.Api;

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4, written from the format's description, independent
/// of the writer: it rejects samples without a TYPE, bad names, bad escapes, bad values, duplicate series and
/// histograms whose buckets are not cumulative or whose +Inf bucket differs from _count.
/// </summary>
internal static partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Family(string Name, string Type, string Help, List<Sample> Samples);

    public static Dictionary<string, Family> Parse(string text)
    {
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        if (lines[^1].Length != 0)
        {
            throw new FormatException("the exposition must end with a line feed");
        }
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            var where = $"line {n + 1} '{line}'";
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ', 2);
                helps[RequireName(parts[0], where)] = parts.Length > 1 ? parts[1] : "";
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                if (parts.Length != 2 || parts[1] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                {
                    throw new FormatException($"{where}: bad TYPE line");
                }
                var name = RequireName(parts[0], where);
                if (!families.TryAdd(name, new Family(name, parts[1], helps.GetValueOrDefault(name, ""), [])))
                {
                    throw new FormatException($"{where}: second TYPE for {name}");
                }
            }
            else if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }
            else
            {
                var sample = ParseSample(line, where);
                var family = families.Values.FirstOrDefault(f => FamilyOwns(f, sample.Name))
                    ?? throw new FormatException($"{where}: sample {sample.Name} has no TYPE line before it");
                var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
                if (!seen.Add(key))
                {
                    throw new FormatException($"{where}: duplicate series {key}");
                }
                family.Samples.Add(sample);
            }
        }
        foreach (var family in families.Values.Where(f => f.Type == "histogram"))
        {
            CheckHistogram(family);
        }
        return families;
    }

    /// <summary>The value of the one sample named <paramref name="name"/> with these labels (all others ignored).</summary>
    public static double Value(Dictionary<string, Family> families, string name, params (string Key, string Value)[] labels) =>
        families.Values.SelectMany(f => f.Samples)
            .Single(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Value;

    private static bool FamilyOwns(Family family, string sample) => family.Type switch
    {
        "histogram" => sample == family.Name + "_bucket" || sample == family.Name + "_sum" || sample == family.Name + "_count",
        _ => sample == family.Name,
    };

    private static void CheckHistogram(Family family)
    {
        foreach (var series in family.Samples.Where(s => s.Name.EndsWith("_count", StringComparison.Ordinal)))
        {
            var buckets = family.Samples
                .Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal) && SameLabels(s.Labels, series.Labels))
                .Select(s => (Le: ParseValue(s.Labels["le"], family.Name), s.Value))
                .ToList();
            if (buckets.Count == 0 || !double.IsPositiveInfinity(buckets[^1].Le))
            {
                throw new FormatException($"histogram {family.Name}: the last bucket must be le=\"+Inf\"");
            }
            for (var i = 1; i < buckets.Count; i++)
            {
                if (buckets[i].Le <= buckets[i - 1].Le || buckets[i].Value < buckets[i - 1].Value)
                {
                    throw new FormatException($"histogram {family.Name}: buckets must have rising bounds and cumulative counts");
                }
            }
            if (buckets[^1].Value != series.Value)
            {
                throw new FormatException($"histogram {family.Name}: +Inf bucket {buckets[^1].Value} differs from _count {series.Value}");
            }
        }
    }

    private static bool SameLabels(IReadOnlyDictionary<string, string> bucket, IReadOnlyDictionary<string, string> series) =>
        bucket.Count == series.Count + 1 && series.All(l => bucket.TryGetValue(l.Key, out var v) && v == l.Value);

    private static Sample ParseSample(string line, string where)
    {
        var nameEnd = line.IndexOfAny(['{', ' ']);
        if (nameEnd <= 0)
        {
            throw new FormatException($"{where}: no value");
        }
        var name = RequireName(line[..nameEnd], where);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = nameEnd;
        if (line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var labelName = line[i..eq];
                if (!LabelName().IsMatch(labelName))
                {
                    throw new FormatException($"{where}: bad label name '{labelName}'");
                }
                if (line[eq + 1] != '"')
                {
                    throw new FormatException($"{where}: label value must be quoted");
                }
                var value = new StringBuilder();
                i = eq + 2;
                for (; line[i] != '"'; i++)
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"{where}: bad escape \\{line[i]}"),
                        });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                }
                if (!labels.TryAdd(labelName, value.ToString()))
                {
                    throw new FormatException($"{where}: label {labelName} twice");
                }
                i++;
                if (line[i] == ',')
                {
                    i++;
                }
            }
            i++;
        }
        if (line[i] != ' ')
        {
            throw new FormatException($"{where}: expected a space before the value");
        }
        var fields = line[(i + 1)..].Split(' ');
        if (fields.Length > 2)
        {
            throw new FormatException($"{where}: too many fields");
        }
        return new Sample(name, labels, ParseValue(fields[0], where));
    }

    private static double ParseValue(string text, string where) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"{where}: bad value '{text}'"),
    };

    private static string RequireName(string name, string where) =>
        MetricName().IsMatch(name) ? name : throw new FormatException($"{where}: bad metric name '{name}'");

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
