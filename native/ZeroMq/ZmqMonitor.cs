using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace Casparian.Native.ZeroMq;

/// <summary>
/// Reads the events of a monitored socket (see <see cref="ZmqSocket.Monitor"/>) from the PAIR socket libzmq publishes
/// them on. Each event is two frames: 6 bytes (u16 event, u32 value, in host byte order) and the endpoint text.
/// Used from one thread; dispose it before the context (the context closes it otherwise).
/// </summary>
public sealed class ZmqMonitor : IDisposable
{
    private const int EventFrameLength = 6;
    private readonly ZmqSocket _pair;
    private readonly ZmqPoller _poller = new();
    private readonly ZmqMultipartMessage _message = new(maxFrames: 2, maxFrameLength: 1024);

    internal ZmqMonitor(ZmqSocket pair)
    {
        _pair = pair;
        _poller.Add(pair);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the next event.</summary>
    public bool TryReceive(TimeSpan timeout, out ZmqMonitorEvent monitorEvent)
    {
        monitorEvent = default;
        if (!_pair.TryReceive(_message) && (_poller.Poll(timeout) == 0 || !_pair.TryReceive(_message)))
        {
            return false;
        }
        var head = _message[0].Span;
        if (_message.Count != 2 || head.Length != EventFrameLength)
        {
            throw new InvalidDataException($"A socket monitor event must be 2 frames with a {EventFrameLength}-byte head; got {_message.Count} frames.");
        }
        monitorEvent = new ZmqMonitorEvent(
            (ZmqSocketEvents)(BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(head) : BinaryPrimitives.ReadUInt16BigEndian(head)),
            BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(head[2..]) : BinaryPrimitives.ReadUInt32BigEndian(head[2..]),
            Encoding.UTF8.GetString(_message[1].Span));
        return true;
    }

    /// <summary>Reads events until one of <paramref name="wanted"/> arrives or <paramref name="timeout"/> passes; earlier events are skipped.</summary>
    public bool TryWaitFor(ZmqSocketEvents wanted, TimeSpan timeout, out ZmqMonitorEvent monitorEvent)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var remaining = timeout - clock.Elapsed;
            if (!TryReceive(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, out monitorEvent))
            {
                return false;
            }
            if ((monitorEvent.Event & wanted) != 0)
            {
                return true;
            }
        }
    }

    /// <summary>Closes the PAIR socket.</summary>
    public void Dispose()
    {
        _pair.Dispose();
        _message.Dispose();
    }
}
