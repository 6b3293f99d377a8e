using System.Buffers.Binary;
using Casparian.Native.ZeroMq;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Wire;

namespace Casparian.Native.Tests.ZeroMq;

/// <summary>
/// Our side of the framed exchange the peers in ZeroMq/Python/wire.py and Casparian.TestPeer speak:
/// DEALER sends HEARTBEAT for jobs 1..N, ROUTER answers ACCEPT per job, DEALER sends BYE, ROUTER echoes it.
/// Messages are written with the shared wire codec and every received one is checked twice: byte for byte against
/// the <c>!BBHIQ</c> layout, and by decoding it with <see cref="MessageCodec"/>.
/// </summary>
internal static class FramedExchange
{
    /// <summary>Answers <paramref name="count"/> requests and the BYE on <paramref name="router"/>.</summary>
    public static void ServeAsRouter(ZmqSocket router, int count)
    {
        var writer = new MessageWriter();
        using var message = new ZmqMultipartMessage();
        for (ulong job = 1; job <= (ulong)count; job++)
        {
            router.Receive(message);
            var heartbeat = Expect<HeartbeatMessage>(message, 1, job);
            Assert.Equal([job], heartbeat.RunningJobs);
            router.Send(message[0].Span, more: true);
            Send(router, writer, new AcceptMessage { Attempt = 1 }, job);
        }
        router.Receive(message);
        Expect<ByeMessage>(message, 1, 0);
        router.Send(message[0].Span, more: true);
        Send(router, writer, new ByeMessage { Reason = "done" }, 0);
    }

    /// <summary>Runs <paramref name="count"/> pipelined requests and the BYE handshake on <paramref name="dealer"/>.</summary>
    public static void RunAsDealer(ZmqSocket dealer, int count)
    {
        var writer = new MessageWriter();
        using var message = new ZmqMultipartMessage();
        for (ulong job = 1; job <= (ulong)count; job++)
        {
            Send(dealer, writer, new HeartbeatMessage { RunningJobs = [job], FreeSlots = 1 }, job);
        }
        for (ulong job = 1; job <= (ulong)count; job++)
        {
            dealer.Receive(message);
            Assert.Equal(1, Expect<AcceptMessage>(message, 0, job).Attempt);
        }
        Send(dealer, writer, new ByeMessage { Reason = "done" }, 0);
        dealer.Receive(message);
        Expect<ByeMessage>(message, 0, 0);
    }

    private static void Send(ZmqSocket socket, MessageWriter writer, WireMessage message, ulong job)
    {
        writer.Write(message, job);
        socket.Send(writer.Header, more: true);
        socket.Send(writer.Meta);
    }

    private static T Expect<T>(ZmqMultipartMessage message, int first, ulong job)
        where T : WireMessage
    {
        Assert.Equal(first + 2, message.Count);
        var header = message[first].Span;
        var meta = message[first + 1].Span;
        Assert.Equal(16, header.Length);
        Assert.Equal(1, header[0]);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(header[2..]));
        Assert.Equal((uint)meta.Length, BinaryPrimitives.ReadUInt32BigEndian(header[4..]));
        Assert.Equal(job, BinaryPrimitives.ReadUInt64BigEndian(header[8..]));

        var decoded = MessageCodec.Decode(message.Frames[first..], WireLimits.Default);
        Assert.Equal(job, decoded.JobId);
        Assert.Equal((byte)decoded.Header.Opcode, header[1]);
        return Assert.IsType<T>(decoded.Message);
    }
}
