using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Casparian.Broker.Api;

/// <summary>
/// Reads a route's query string strictly: unknown parameters, repeated values and malformed numbers are reported with
/// the parameter's name, so a typo gets a 400 instead of silently matching everything.
/// </summary>
internal sealed class QueryParameters
{
    private readonly IQueryCollection _query;

    private QueryParameters(IQueryCollection query) => _query = query;

    /// <summary>The first problem found, or null.</summary>
    public IResult? Problem { get; private set; }

    /// <summary>Checks that only <paramref name="allowed"/> parameters are present, each once.</summary>
    public static QueryParameters Of(HttpRequest request, params string[] allowed)
    {
        var parameters = new QueryParameters(request.Query);
        foreach (var (name, values) in request.Query)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                parameters.Fail(name, $"unknown query parameter '{name}'; this route takes: {string.Join(", ", allowed)}");
            }
            else if (values.Count > 1)
            {
                parameters.Fail(name, $"query parameter '{name}' is given {values.Count} times; give it once");
            }
        }
        return parameters;
    }

    /// <summary>The parameter's text, or null when absent; an empty value is a 400.</summary>
    public string? Text(string name)
    {
        if (!_query.TryGetValue(name, out var values))
        {
            return null;
        }
        var value = values.ToString();
        if (value.Length == 0)
        {
            Fail(name, $"query parameter '{name}' is empty; omit it or give a value");
            return null;
        }
        return value;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when absent.</summary>
    public long? Integer(string name, long min, long max, long? fallback = null)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Fail(name, $"query parameter '{name}' must be an integer from {min} to {max}, not '{text}'");
            return fallback;
        }
        return value;
    }

    /// <summary>Records a problem (the first one wins).</summary>
    public void Fail(string name, string detail) => Problem ??= Problems.BadParameter(name, detail);
}
