namespace Casparian.Broker.Scout;

/// <summary>
/// Routing, glob → tag → plugin: a file takes the tags of the matching routes with the highest priority (so a
/// bundle's route beats a builtin's for the same file), and each tag goes to the plugins bound to it.
/// </summary>
public sealed class FileRouter
{
    private readonly IReadOnlyList<(RoutingRuleSpec Rule, ScoutPlugin Plugin)> _routes;

    /// <param name="plugins">The plugins of this scan; a later plugin with the same name replaces an earlier one.</param>
    public FileRouter(IReadOnlyList<ScoutPlugin> plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        var byName = new Dictionary<string, ScoutPlugin>(StringComparer.Ordinal);
        foreach (var plugin in plugins)
        {
            byName[plugin.Ref.Name] = plugin;
        }
        Plugins = [.. byName.Values];
        // A tag routes to every plugin that declares it, so two plugins sharing a tag both parse its files.
        var pluginsByTag = Plugins.SelectMany(p => p.Routes.Select(r => (r.Tag, Plugin: p)))
            .GroupBy(x => x.Tag, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Plugin).Distinct().ToList(), StringComparer.Ordinal);
        _routes = [.. Plugins.SelectMany(p => p.Routes)
            .Distinct()
            .SelectMany(r => pluginsByTag[r.Tag].Select(p => (r, p)))
            .OrderByDescending(x => x.r.Priority)];
    }

    /// <summary>The plugins after replacement, in first-seen order.</summary>
    public IReadOnlyList<ScoutPlugin> Plugins { get; }

    /// <summary>The plugins that parse <paramref name="relativePath"/>; empty when no route matches.</summary>
    public IReadOnlyList<ScoutPlugin> Route(string relativePath)
    {
        int? best = null;
        List<ScoutPlugin>? chosen = null;
        foreach (var (rule, plugin) in _routes)
        {
            if (best is { } top && rule.Priority < top)
            {
                break;
            }
            if (!rule.Glob.IsMatch(relativePath))
            {
                continue;
            }
            best = rule.Priority;
            chosen ??= [];
            if (!chosen.Contains(plugin))
            {
                chosen.Add(plugin);
            }
        }
        return chosen ?? (IReadOnlyList<ScoutPlugin>)[];
    }
}
