using Casparian.Native.ZeroMq;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Wire;

namespace Casparian.TestPeer;

/// <summary>
/// The peer's half of the framed exchange (the same one tests/.../ZeroMq/Python/wire.py speaks): the DEALER sends
/// HEARTBEAT for jobs 1..N, the ROUTER answers ACCEPT per job, the DEALER sends BYE and the ROUTER echoes it, so both
/// sides know every message arrived before they close. Frames are written and checked with the shared wire codec.
/// </summary>
internal static class FramedExchange
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static void RunDealer(ZmqContext context, string endpoint, int count)
    {
        using var dealer = context.CreateSocket(ZmqSocketType.Dealer);
        dealer.ReceiveTimeout = Timeout;
        dealer.SendTimeout = Timeout;
        dealer.Connect(endpoint);
        var writer = new MessageWriter();
        using var message = new ZmqMultipartMessage();
        for (ulong job = 1; job <= (ulong)count; job++)
        {
            Send(dealer, writer, new HeartbeatMessage { RunningJobs = [job], FreeSlots = 1 }, job);
        }
        for (ulong job = 1; job <= (ulong)count; job++)
        {
            dealer.Receive(message);
            Expect<AcceptMessage>(message, 0, job, accept => accept.Attempt == 1);
        }
        Send(dealer, writer, new ByeMessage { Reason = "done" }, 0);
        dealer.Receive(message);
        Expect<ByeMessage>(message, 0, 0, _ => true);
    }

    public static void RunRouter(ZmqContext context, int count, TextWriter output)
    {
        using var router = context.CreateSocket(ZmqSocketType.Router);
        router.ReceiveTimeout = Timeout;
        router.SendTimeout = Timeout;
        router.SetRouterMandatory(true);
        // The BYE echo is the last message: disposing the socket (before the context) flushes it within this linger.
        router.Linger = Timeout;
        router.Bind("tcp://127.0.0.1:*");
        output.WriteLine(router.LastEndpoint);
        output.Flush();
        var writer = new MessageWriter();
        using var message = new ZmqMultipartMessage();
        for (ulong job = 1; job <= (ulong)count; job++)
        {
            router.Receive(message);
            Expect<HeartbeatMessage>(message, 1, job, heartbeat => heartbeat.RunningJobs is [var only] && only == job);
            router.Send(message[0].Span, more: true);
            Send(router, writer, new AcceptMessage { Attempt = 1 }, job);
        }
        router.Receive(message);
        Expect<ByeMessage>(message, 1, 0, _ => true);
        router.Send(message[0].Span, more: true);
        Send(router, writer, new ByeMessage { Reason = "done" }, 0);
    }

    private static void Send(ZmqSocket socket, MessageWriter writer, WireMessage message, ulong job)
    {
        writer.Write(message, job);
        socket.Send(writer.Header, more: true);
        socket.Send(writer.Meta);
    }

    private static void Expect<T>(ZmqMultipartMessage message, int first, ulong job, Func<T, bool> isValid)
        where T : WireMessage
    {
        DecodedMessage decoded;
        try
        {
            decoded = MessageCodec.Decode(message.Frames[first..], WireLimits.Default);
        }
        catch (ProtocolException ex)
        {
            throw new InvalidDataException($"expected {typeof(T).Name} for job {job}: {ex.Message}", ex);
        }
        if (decoded.Message is not T typed || decoded.JobId != job || !isValid(typed))
        {
            throw new InvalidDataException($"expected a valid {typeof(T).Name} for job {job}, got {decoded.Message} for job {decoded.JobId}");
        }
    }
}
