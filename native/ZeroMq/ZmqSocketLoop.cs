namespace Casparian.Native.ZeroMq;

/// <summary>
/// A dedicated thread that owns one socket: it creates it, polls it, and closes it, so the socket never crosses
/// threads. Other threads talk to it only through <see cref="Wake"/> (coalesced: at most one wake-up in flight) and
/// their own queues, which the handler drains in <see cref="IZmqLoopHandler.OnSendReady"/>.
/// <para>The wake-up is an inproc PAIR: the loop binds one end, and <see cref="Wake"/> writes a byte to the other
/// under a lock (libzmq allows a socket to move between threads behind a full memory barrier).</para>
/// </summary>
public sealed class ZmqSocketLoop : IDisposable
{
    private static readonly TimeSpan RetrySendAfter = TimeSpan.FromMilliseconds(1);

    private readonly ZmqContext _context;
    private readonly Func<ZmqContext, ZmqSocket> _createSocket;
    private readonly IZmqLoopHandler _handler;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _wakeGate = new();
    private readonly Thread _thread;
    private readonly string _wakeEndpoint = $"inproc://casparian-wake-{Guid.NewGuid():N}";
    private ZmqSocket? _waker;
    private int _wakePending;
    private volatile bool _stopping;

    /// <summary>
    /// Starts the loop thread named <paramref name="name"/>; <paramref name="createSocket"/> runs on it (create, set
    /// options, bind or connect). <see cref="Started"/> completes when the socket is ready, or faults with its error.
    /// </summary>
    public ZmqSocketLoop(ZmqContext context, Func<ZmqContext, ZmqSocket> createSocket, IZmqLoopHandler handler, string name, int maxFrames = 64, int maxFrameLength = 16 << 20)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _createSocket = createSocket ?? throw new ArgumentNullException(nameof(createSocket));
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _thread = new Thread(() => Run(maxFrames, maxFrameLength)) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Completes once the socket exists (bound or connected); faults if creating it failed.</summary>
    public Task Started => _started.Task;

    /// <summary>Completes when the loop has closed its sockets and ended; faults if the loop died.</summary>
    public Task Completion => _completed.Task;

    /// <summary>Asks the loop to call <see cref="IZmqLoopHandler.OnSendReady"/> soon. Thread-safe and cheap when repeated.</summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) != 0)
        {
            return;
        }
        lock (_wakeGate)
        {
            // A full pipe means the loop is already awake with a wake-up waiting, so a lost byte changes nothing.
            _waker?.TrySend([1]);
        }
    }

    /// <summary>Stops the loop and waits for it to close its sockets (bounded by <paramref name="timeout"/>).</summary>
    public bool Stop(TimeSpan timeout)
    {
        _stopping = true;
        Interlocked.Exchange(ref _wakePending, 0);
        Wake();
        return _thread.Join(timeout);
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(5));
        lock (_wakeGate)
        {
            _waker?.Dispose();
            _waker = null;
        }
    }

    private void Run(int maxFrames, int maxFrameLength)
    {
        ZmqSocket? socket = null;
        ZmqSocket? wakeReceiver = null;
        try
        {
            wakeReceiver = _context.CreateSocket(ZmqSocketType.Pair);
            wakeReceiver.Bind(_wakeEndpoint);
            var waker = _context.CreateSocket(ZmqSocketType.Pair);
            waker.Connect(_wakeEndpoint);
            lock (_wakeGate)
            {
                _waker = waker;
            }
            socket = _createSocket(_context);
        }
        catch (Exception ex)
        {
            socket?.Dispose();
            wakeReceiver?.Dispose();
            _started.TrySetException(ex);
            _completed.TrySetException(ex);
            return;
        }
        _started.TrySetResult();

        try
        {
            Loop(socket, wakeReceiver, maxFrames, maxFrameLength);
            _completed.TrySetResult();
        }
        catch (ZmqException ex) when (ex.Errno == ZmqErrno.ETERM)
        {
            _completed.TrySetResult(); // the context was shut down under us: an orderly end
        }
        catch (Exception ex)
        {
            _completed.TrySetException(ex);
        }
        finally
        {
            socket.Dispose();
            wakeReceiver.Dispose();
        }
    }

    private void Loop(ZmqSocket socket, ZmqSocket wakeReceiver, int maxFrames, int maxFrameLength)
    {
        using var message = new ZmqMultipartMessage(maxFrames, maxFrameLength);
        using var wakeMessage = new ZmqMultipartMessage(4, 16);
        var poller = new ZmqPoller();
        var socketIndex = poller.Add(socket);
        var wakeIndex = poller.Add(wakeReceiver);
        var sendBlocked = false;

        while (!_stopping)
        {
            // POLLOUT is not a usable signal for every socket type (a ROUTER always reports it), so while a send is
            // blocked by a full peer queue the loop retries after a short wait instead.
            poller.Poll(sendBlocked ? RetrySendAfter : Timeout.InfiniteTimeSpan);
            if (_stopping)
            {
                return;
            }
            var wake = poller.IsReadable(wakeIndex);
            if (wake)
            {
                while (wakeReceiver.TryReceive(wakeMessage))
                {
                }
                // Reset before draining: a producer that enqueues after this point signals again.
                Volatile.Write(ref _wakePending, 0);
            }
            if (poller.IsReadable(socketIndex))
            {
                // Bounded batch, so a flood of inbound messages cannot starve sending.
                for (var i = 0; i < 1024; i++)
                {
                    bool received;
                    try
                    {
                        received = socket.TryReceive(message);
                    }
                    catch (ZmqMessageTooLargeException ex)
                    {
                        _handler.OnReceiveError(ex);
                        continue;
                    }
                    if (!received)
                    {
                        break;
                    }
                    _handler.OnReceived(socket, message);
                }
            }
            if (wake || sendBlocked)
            {
                sendBlocked = _handler.OnSendReady(socket);
            }
        }
    }
}
