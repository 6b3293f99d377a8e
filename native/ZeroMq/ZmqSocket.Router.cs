namespace Casparian.Native.ZeroMq;

public sealed unsafe partial class ZmqSocket
{
    // ZMQ_ROUTER_HANDOVER from zmq.h.
    private const int RouterHandoverOption = 56;

    /// <summary>
    /// ROUTER only (ZMQ_ROUTER_HANDOVER): a new connection with a routing id already in use takes it over, so a peer
    /// that restarts (or reconnects before the old connection timed out) is reachable again under its stable id.
    /// </summary>
    public void SetRouterHandover(bool on) => SetInt32(RouterHandoverOption, on ? 1 : 0, "RouterHandover");
}
