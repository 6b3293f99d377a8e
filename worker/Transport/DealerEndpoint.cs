using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Casparian.Native.ZeroMq;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Wire;
using Microsoft.Extensions.Logging;

namespace Casparian.Worker.Transport;

/// <summary>
/// A worker's DEALER socket on its own thread. libzmq connects and reconnects in the background with exponential
/// backoff; messages from the Sentinel go to <see cref="Inbound"/>, malformed ones are counted, logged once and
/// dropped. Other threads send with <see cref="Send"/>; encoding happens on the socket thread into reused buffers.
/// </summary>
public sealed partial class DealerEndpoint : IZmqLoopHandler, IDisposable
{
    private readonly DealerOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<DecodedMessage> _inbound = Channel.CreateUnbounded<DecodedMessage>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly ConcurrentQueue<(WireMessage Message, ulong JobId)> _outbound = new();
    private readonly MessageWriter _writer;
    private readonly ReadOnlyMemory<byte>[] _frameScratch;
    private readonly ZmqSocketLoop _loop;
    private (WireMessage Message, ulong JobId)? _blocked;
    private bool _loggedBadFrame;
    private long _badFrames;

    /// <summary>Creates the socket thread and starts connecting; await <see cref="StartedAsync"/>.</summary>
    public DealerEndpoint(ZmqContext context, DealerOptions options, ILogger logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _writer = new MessageWriter(options.Limits);
        _frameScratch = new ReadOnlyMemory<byte>[options.Limits.MaxBodyFrames + 2];
        _loop = new ZmqSocketLoop(context, CreateSocket, this, "casparian-dealer",
            maxFrames: options.Limits.MaxBodyFrames + 2, maxFrameLength: (int)Math.Min(int.MaxValue, options.Limits.MaxFrameBytes));
    }

    /// <summary>Valid messages from the Sentinel.</summary>
    public ChannelReader<DecodedMessage> Inbound => _inbound.Reader;

    /// <summary>Malformed messages dropped.</summary>
    public long BadFrames => Interlocked.Read(ref _badFrames);

    /// <summary>Completes when the socket exists and is connecting.</summary>
    public Task StartedAsync() => _loop.Started;

    /// <summary>Queues a message for the Sentinel. Thread-safe; never blocks.</summary>
    public void Send(WireMessage message, ulong jobId = 0)
    {
        _outbound.Enqueue((message, jobId));
        _loop.Wake();
    }

    public void Dispose()
    {
        _loop.Dispose();
        _inbound.Writer.TryComplete();
    }

    private ZmqSocket CreateSocket(ZmqContext context)
    {
        var socket = context.CreateSocket(ZmqSocketType.Dealer);
        try
        {
            socket.SetRoutingId(Encoding.UTF8.GetBytes(_options.WorkerId));
            socket.ReconnectInterval = _options.ReconnectInitial;
            socket.ReconnectIntervalMax = _options.ReconnectMax;
            socket.SendHighWatermark = _options.HighWatermark;
            socket.ReceiveHighWatermark = _options.HighWatermark;
            socket.MaxMessageSize = _options.Limits.MaxFrameBytes;
            if (_options.CurveServerKey is not null)
            {
                socket.SetCurveServerKey(_options.CurveServerKey);
                socket.SetCurvePublicKey(_options.CurvePublicKey ?? throw new ArgumentException("CURVE needs the worker's public key", nameof(context)));
                socket.SetCurveSecretKey(_options.CurveSecretKey ?? throw new ArgumentException("CURVE needs the worker's secret key", nameof(context)));
            }
            socket.Connect(_options.Connect);
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
        var count = message.Count;
        for (var i = 0; i < count; i++)
        {
            _frameScratch[i] = message[i];
        }
        try
        {
            var decoded = MessageCodec.Decode(_frameScratch.AsSpan(0, count), _options.Limits);
            if (decoded.Body.Count > 0)
            {
                decoded = decoded with { Body = decoded.Body.Select(b => (ReadOnlyMemory<byte>)b.ToArray()).ToArray() };
            }
            _inbound.Writer.TryWrite(decoded);
        }
        catch (ProtocolException ex)
        {
            Interlocked.Increment(ref _badFrames);
            if (!_loggedBadFrame)
            {
                _loggedBadFrame = true;
                LogBadFrame(_logger, ex.Error, ex.Message);
            }
        }
        finally
        {
            Array.Clear(_frameScratch, 0, count);
        }
    }

    void IZmqLoopHandler.OnReceiveError(Exception error)
    {
        Interlocked.Increment(ref _badFrames);
        LogBadFrame(_logger, ProtocolError.OversizeBody, error.Message);
    }

    bool IZmqLoopHandler.OnSendReady(ZmqSocket socket)
    {
        if (_blocked is { } pending)
        {
            if (!TrySendNow(socket, pending.Message, pending.JobId))
            {
                return true;
            }
            _blocked = null;
        }
        while (_outbound.TryDequeue(out var next))
        {
            if (!TrySendNow(socket, next.Message, next.JobId))
            {
                _blocked = next;
                return true;
            }
        }
        return false;
    }

    private bool TrySendNow(ZmqSocket socket, WireMessage message, ulong jobId)
    {
        _writer.Write(message, jobId);
        // A DEALER with no connected peer would block (EAGAIN): the message waits here until the Sentinel is back.
        if (!socket.TrySend(_writer.Header, more: true))
        {
            return false;
        }
        socket.Send(_writer.Meta);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a malformed message from the Sentinel: {Error}: {Detail} (further ones are counted, not logged)")]
    private static partial void LogBadFrame(ILogger logger, ProtocolError error, string detail);
}
