using System.Runtime.InteropServices;

namespace Casparian.Native.ZeroMq;

/// <summary>libzmq's <c>zmq_msg_t</c>: 64 opaque bytes, pointer-aligned (the C type is a union with a pointer).</summary>
[StructLayout(LayoutKind.Sequential, Size = 64)]
internal unsafe struct ZmqMsg
{
    private fixed long _opaque[8];
}
