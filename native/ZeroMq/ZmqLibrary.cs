namespace Casparian.Native.ZeroMq;

/// <summary>Facts about the loaded libzmq, for start-up checks (e.g. that CURVE is available).</summary>
public static class ZmqLibrary
{
    /// <summary>The libzmq version (zmq_version), e.g. 4.3.4.</summary>
    public static unsafe Version Version
    {
        get
        {
            int major, minor, patch;
            ZmqNative.Version(&major, &minor, &patch);
            return new Version(major, minor, patch);
        }
    }

    /// <summary>Whether libzmq was built with <paramref name="capability"/> (zmq_has), e.g. "curve".</summary>
    public static bool Has(string capability)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(capability);
        return ZmqNative.Has(capability) != 0;
    }
}
