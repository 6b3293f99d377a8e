using Casparian.Broker.Store;

namespace Casparian.Broker.Api;

/// <summary>Job states as the API spells them: snake_case (<c>queued</c>, <c>dead_letter</c>).</summary>
public static class JobStateNames
{
    /// <summary>The API name of <paramref name="state"/>.</summary>
    public static string Format(JobState state) => state switch
    {
        JobState.DeadLetter => "dead_letter",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses an API state name (case and underscores ignored); false for anything else, numbers included.</summary>
    public static bool TryParse(string? text, out JobState state)
    {
        state = default;
        if (string.IsNullOrEmpty(text) || char.IsAsciiDigit(text[0]) || text[0] == '-')
        {
            return false;
        }
        return Enum.TryParse(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out state) && Enum.IsDefined(state);
    }

    /// <summary>Every API state name, for error messages.</summary>
    public static string All => string.Join(", ", Enum.GetValues<JobState>().Select(Format));
}
