namespace Casparian.Protocol.Plugins;

/// <summary>A plugin bundle cannot be loaded; the message names the file, the key and the fix.</summary>
public sealed class PluginBundleException : Exception
{
    public PluginBundleException()
    {
    }

    public PluginBundleException(string message)
        : base(message)
    {
    }

    public PluginBundleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
