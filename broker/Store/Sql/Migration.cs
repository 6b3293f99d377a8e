using System.Globalization;
using System.Reflection;

namespace Casparian.Broker.Store.Sql;

/// <summary>One versioned schema step, an embedded SQL script named <c>NNNN_description.sql</c>.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>
    /// Loads every migration embedded under <paramref name="adapter"/> (resource names <c>ADAPTER/NNNN_name.sql</c>), in
    /// version order, and checks the versions are 1..N without gaps.
    /// </summary>
    public static IReadOnlyList<Migration> LoadEmbedded(string adapter)
    {
        var assembly = typeof(Migration).Assembly;
        var prefix = adapter + "/";
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n, n[prefix.Length..]))
            .OrderBy(m => m.Version)
            .ToList();
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"the {adapter} migrations must be numbered 1..N without gaps; found {migrations[i].Name} at position {i + 1}");
            }
        }
        return migrations;
    }

    private static Migration Load(Assembly assembly, string resource, string fileName)
    {
        var version = int.Parse(fileName.AsSpan(0, fileName.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded migration {resource} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return new Migration(version, fileName, reader.ReadToEnd());
    }
}
