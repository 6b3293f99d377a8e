namespace Casparian.Native.ZeroMq;

/// <summary>
/// What a <see cref="ZmqSocketLoop"/> calls on its own thread. Implementations never block: they hand received
/// messages to the rest of the process through channels and send from their own outbound queues.
/// </summary>
public interface IZmqLoopHandler
{
    /// <summary>A whole multipart message arrived; its frames are valid only during the call.</summary>
    void OnReceived(ZmqSocket socket, ZmqMultipartMessage message);

    /// <summary>
    /// Someone called <see cref="ZmqSocketLoop.Wake"/> (or the socket became writable again): send what is queued.
    /// Return true if messages are still waiting because the socket would block, so the loop waits for POLLOUT.
    /// </summary>
    bool OnSendReady(ZmqSocket socket);

    /// <summary>Receiving failed with something other than a protocol problem (e.g. an oversize message was dropped).</summary>
    void OnReceiveError(Exception error);
}
