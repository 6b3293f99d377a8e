using System.Collections.Concurrent;
using System.Threading.Channels;
using Casparian.Native.ZeroMq;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Wire;
using Microsoft.Extensions.Logging;

namespace Casparian.Broker.Transport;

/// <summary>
/// The Sentinel's ROUTER socket on its own thread. Valid messages go to <see cref="Inbound"/>; malformed ones are
/// counted, logged once per peer, answered with ERR and dropped, so no input can stop the loop. Other threads send with
/// <see cref="Send"/>, which queues and wakes the socket thread; encoding happens there, into reused buffers.
/// </summary>
public sealed partial class RouterEndpoint : IZmqLoopHandler, IDisposable
{
    private const int MaxLoggedPeers = 10_000;

    private readonly RouterOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<InboundMessage> _inbound = Channel.CreateUnbounded<InboundMessage>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly ConcurrentQueue<Outbound> _outbound = new();
    private readonly MessageWriter _writer;
    private readonly ReadOnlyMemory<byte>[] _frameScratch;
    private readonly HashSet<PeerId> _loggedBadPeers = [];
    private readonly ZmqSocketLoop _loop;
    private Outbound? _blocked;

    private readonly record struct Outbound(PeerId Peer, WireMessage Message, ulong JobId);

    /// <summary>Creates the socket thread and binds; await <see cref="StartedAsync"/> to know it listens.</summary>
    public RouterEndpoint(ZmqContext context, RouterOptions options, ILogger logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _writer = new MessageWriter(options.Limits);
        _frameScratch = new ReadOnlyMemory<byte>[options.Limits.MaxBodyFrames + 3];
        _loop = new ZmqSocketLoop(context, CreateSocket, this, "casparian-router",
            maxFrames: options.Limits.MaxBodyFrames + 3, maxFrameLength: (int)Math.Min(int.MaxValue, options.Limits.MaxFrameBytes));
    }

    /// <summary>Valid messages from peers, in arrival order.</summary>
    public ChannelReader<InboundMessage> Inbound => _inbound.Reader;

    /// <summary>What the loop has seen.</summary>
    public TransportCounters Counters { get; } = new();

    /// <summary>The endpoint actually bound (with the port the system chose for <c>:*</c>).</summary>
    public string BoundEndpoint { get; private set; } = "";

    /// <summary>Completes when the socket listens; faults with the bind error (e.g. address in use).</summary>
    public Task StartedAsync() => _loop.Started;

    /// <summary>Completes when the socket thread has ended.</summary>
    public Task Completion => _loop.Completion;

    /// <summary>Queues <paramref name="message"/> for <paramref name="peer"/>. Thread-safe; never blocks.</summary>
    public void Send(PeerId peer, WireMessage message, ulong jobId = 0)
    {
        _outbound.Enqueue(new Outbound(peer, message, jobId));
        _loop.Wake();
    }

    /// <summary>Stops the socket thread (closing the socket) and completes <see cref="Inbound"/>.</summary>
    public void Dispose()
    {
        _loop.Dispose();
        _inbound.Writer.TryComplete();
    }

    private ZmqSocket CreateSocket(ZmqContext context)
    {
        var socket = context.CreateSocket(ZmqSocketType.Router);
        try
        {
            socket.SetRouterMandatory(true);
            socket.SetRouterHandover(true);
            socket.SendHighWatermark = _options.HighWatermark;
            socket.ReceiveHighWatermark = _options.HighWatermark;
            socket.MaxMessageSize = _options.Limits.MaxFrameBytes;
            if (_options.CurveSecretKey is not null)
            {
                socket.CurveServer = true;
                socket.SetCurveSecretKey(_options.CurveSecretKey);
                socket.SetCurvePublicKey(_options.CurvePublicKey ?? throw new ArgumentException("CURVE needs the server public key as well as the secret key", nameof(context)));
            }
            socket.Bind(_options.Bind);
            BoundEndpoint = socket.LastEndpoint;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    void IZmqLoopHandler.OnReceived(ZmqSocket socket, ZmqMultipartMessage message)
    {
        // A ROUTER always prepends the routing id, so a message has it plus header and meta at least.
        var peer = new PeerId(message[0].Span);
        var count = message.Count - 1;
        for (var i = 0; i < count; i++)
        {
            _frameScratch[i] = message[i + 1];
        }
        DecodedMessage decoded;
        try
        {
            decoded = MessageCodec.Decode(_frameScratch.AsSpan(0, count), _options.Limits);
        }
        catch (ProtocolException ex)
        {
            Reject(socket, peer, ex);
            return;
        }
        finally
        {
            Array.Clear(_frameScratch, 0, count);
        }
        // Body frames are slices of the reused receive buffer; keep copies beyond this call.
        if (decoded.Body.Count > 0)
        {
            decoded = decoded with { Body = decoded.Body.Select(b => (ReadOnlyMemory<byte>)b.ToArray()).ToArray() };
        }
        Counters.OnReceived();
        _inbound.Writer.TryWrite(new InboundMessage(peer, decoded));
    }

    void IZmqLoopHandler.OnReceiveError(Exception error)
    {
        Counters.OnBadFrame();
        LogOversizeDropped(_logger, error.Message);
    }

    bool IZmqLoopHandler.OnSendReady(ZmqSocket socket)
    {
        if (_blocked is { } pending)
        {
            if (!TrySendNow(socket, pending))
            {
                return true;
            }
            _blocked = null;
        }
        while (_outbound.TryDequeue(out var next))
        {
            if (!TrySendNow(socket, next))
            {
                _blocked = next;
                return true;
            }
        }
        return false;
    }

    private bool TrySendNow(ZmqSocket socket, Outbound item)
    {
        _writer.Write(item.Message, item.JobId);
        try
        {
            if (!socket.TrySend(item.Peer.RoutingId.Span, more: true))
            {
                return false;
            }
            // libzmq queues a multipart message atomically once its first frame is accepted.
            socket.Send(_writer.Header, more: true);
            socket.Send(_writer.Meta);
        }
        catch (ZmqException ex) when (ex.Errno == ZmqErrno.EHOSTUNREACH)
        {
            Counters.OnUnroutable();
            LogUnroutable(_logger, item.Message.Opcode, item.Peer.ToString());
            return true;
        }
        Counters.OnSent();
        return true;
    }

    private void Reject(ZmqSocket socket, PeerId peer, ProtocolException error)
    {
        Counters.OnBadFrame();
        if (_loggedBadPeers.Count >= MaxLoggedPeers)
        {
            _loggedBadPeers.Clear();
        }
        if (_loggedBadPeers.Add(peer))
        {
            LogBadFrame(_logger, peer.ToString(), error.Error, error.Message);
        }
        // Answer so an honest peer learns what it did wrong; a peer that cannot take it is simply not answered.
        _writer.Write(new ErrMessage { Code = error.Error.ToString(), Message = error.Message });
        try
        {
            if (socket.TrySend(peer.RoutingId.Span, more: true))
            {
                socket.Send(_writer.Header, more: true);
                socket.Send(_writer.Meta);
            }
        }
        catch (ZmqException ex) when (ex.Errno == ZmqErrno.EHOSTUNREACH)
        {
            Counters.OnUnroutable();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped malformed message from peer {Peer}: {Error}: {Detail} (further ones from this peer are counted, not logged)")]
    private static partial void LogBadFrame(ILogger logger, string peer, ProtocolError error, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped an oversize message before reading it: {Detail}")]
    private static partial void LogOversizeDropped(ILogger logger, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped {Opcode} for peer {Peer}: it is no longer connected")]
    private static partial void LogUnroutable(ILogger logger, Opcode opcode, string peer);
}
