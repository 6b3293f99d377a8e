using Casparian.Native.ZeroMq;

namespace Casparian.Native.Tests.ZeroMq;

public sealed class ZmqLibraryTests
{
    [Fact]
    public void Version_is_the_libzmq_that_python3_zmq_also_loads()
    {
        var python = PeerProcess.RunToCompletion("-c", "import zmq; print(zmq.zmq_version())");

        Assert.Equal(python.Trim(), ZmqLibrary.Version.ToString());
        Assert.True(ZmqLibrary.Version >= new Version(4, 3, 0));
    }

    [Fact]
    public void Curve_is_available_and_unknown_capabilities_are_not()
    {
        Assert.True(ZmqLibrary.Has("curve"));
        Assert.False(ZmqLibrary.Has("no-such-capability"));
    }
}
