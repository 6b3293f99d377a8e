namespace Casparian.Protocol.Plugins;

/// <summary>One output a plugin declares: its name in the protocol, the table it fills, and its schema.</summary>
/// <param name="Name">The plugin's name for the output (<c>output_begin.output</c>).</param>
/// <param name="Table">The destination table: letters, digits and underscores.</param>
/// <param name="Schema">The declared schema.</param>
/// <param name="SchemaPath">The schema file, relative to the bundle.</param>
public sealed record BundleOutput(string Name, string Table, OutputSchema Schema, string SchemaPath);

/// <summary>A routing rule a plugin suggests: files matching <paramref name="Glob"/> get <paramref name="Tag"/>, and the plugin parses that tag.</summary>
public sealed record BundleRoute(string Glob, string Tag, int Priority);
