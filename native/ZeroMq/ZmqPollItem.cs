using System.Runtime.InteropServices;

namespace Casparian.Native.ZeroMq;

/// <summary>libzmq's <c>zmq_pollitem_t</c> on Unix: socket pointer, file descriptor, requested and returned events.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ZmqPollItem
{
    public nint Socket;
    public int FileDescriptor;
    public short Events;
    public short ReturnedEvents;
}
