using System.Text.Json.Serialization;

namespace Casparian.Protocol.Plugins;

/// <summary>Source-generated JSON for the plugin types.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class PluginsJsonContext : JsonSerializerContext;
