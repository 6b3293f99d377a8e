using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Casparian.Native.ZeroMq;

/// <summary>
/// Waits on several sockets at once (zmq_poll). Register sockets with <see cref="Add"/>, call <see cref="Poll"/>,
/// then read <see cref="ReadyEvents"/> by the index <see cref="Add"/> returned. Like its sockets, a poller is used
/// from one thread; it can be polled any number of times.
/// </summary>
public sealed class ZmqPoller
{
    private readonly List<ZmqSocket> _sockets = [];
    private ZmqPollItem[] _items = new ZmqPollItem[4];

    /// <summary>The number of registered sockets.</summary>
    public int Count => _sockets.Count;

    /// <summary>Registers <paramref name="socket"/> for <paramref name="events"/>; returns its index.</summary>
    public int Add(ZmqSocket socket, ZmqPollEvents events = ZmqPollEvents.In)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (_sockets.Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }
        _items[_sockets.Count] = new ZmqPollItem { Events = (short)events };
        _sockets.Add(socket);
        return _sockets.Count - 1;
    }

    /// <summary>What socket <paramref name="index"/> was ready for after the last <see cref="Poll"/>.</summary>
    public ZmqPollEvents ReadyEvents(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_sockets.Count, nameof(index));
        return (ZmqPollEvents)_items[index].ReturnedEvents;
    }

    /// <summary>True if socket <paramref name="index"/> had a message waiting after the last <see cref="Poll"/>.</summary>
    public bool IsReadable(int index) => (ReadyEvents(index) & ZmqPollEvents.In) != 0;

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/> for ever, zero to just check)
    /// until a registered socket is ready; returns how many are. Signals interrupting the wait do not shorten it.
    /// </summary>
    public unsafe int Poll(TimeSpan timeout)
    {
        var infinite = timeout == Timeout.InfiniteTimeSpan;
        if (!infinite)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        }
        var count = _sockets.Count;
        var leased = 0;
        try
        {
            // Lease every socket for the whole wait so none can be closed under zmq_poll.
            for (; leased < count; leased++)
            {
                var handle = _sockets[leased].Handle;
                var added = false;
                handle.DangerousAddRef(ref added);
                _items[leased].Socket = handle.DangerousGetHandle();
                _items[leased].ReturnedEvents = 0;
            }
            var clock = Stopwatch.StartNew();
            fixed (ZmqPollItem* items = _items)
            {
                while (true)
                {
                    var remaining = infinite ? -1L : Math.Max(0L, (long)Math.Ceiling((timeout - clock.Elapsed).TotalMilliseconds));
                    var ready = ZmqNative.Poll(items, count, new CLong(checked((nint)remaining)));
                    if (ready >= 0)
                    {
                        return ready;
                    }
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != ZmqErrno.EINTR)
                    {
                        throw new ZmqException($"zmq_poll over {count} sockets", errno);
                    }
                }
            }
        }
        finally
        {
            for (var i = 0; i < leased; i++)
            {
                _sockets[i].Handle.DangerousRelease();
            }
        }
    }
}
