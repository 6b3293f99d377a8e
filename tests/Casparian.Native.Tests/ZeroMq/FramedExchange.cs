using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Casparian.Native.ZeroMq;

namespace Casparian.Native.Tests.ZeroMq;

/// <summary>
/// Our side of the framed exchange the peers in ZeroMq/Python/wire.py (and Casparian.TestPeer) speak:
/// DEALER sends HEARTBEAT for jobs 1..N, ROUTER answers ACCEPT per job, DEALER sends BYE, ROUTER echoes it.
/// Every frame is checked byte for byte against the <c>!BBHIQ</c> layout.
/// </summary>
internal static class FramedExchange
{
    public const byte Heartbeat = 4;
    public const byte Accept = 7;
    public const byte Bye = 9;

    /// <summary>Answers <paramref name="count"/> requests and the BYE on <paramref name="router"/>; returns the peer's routing id.</summary>
    public static byte[] ServeAsRouter(ZmqSocket router, int count)
    {
        using var message = new ZmqMultipartMessage();
        byte[] peer = [];
        for (ulong job = 1; job <= (ulong)count; job++)
        {
            router.Receive(message);
            peer = message[0].ToArray();
            using var meta = JsonDocument.Parse(Expect(message, 1, Heartbeat, job));
            Assert.Equal(job, meta.RootElement.GetProperty("running_jobs")[0].GetUInt64());
            Reply(router, peer, Accept, job, """{"attempt":1}""");
        }
        router.Receive(message);
        Expect(message, 1, Bye, 0);
        Reply(router, message[0].Span, Bye, 0, """{"reason":"done"}""");
        return peer;
    }

    /// <summary>Runs <paramref name="count"/> pipelined requests and the BYE handshake on <paramref name="dealer"/>.</summary>
    public static void RunAsDealer(ZmqSocket dealer, int count)
    {
        using var message = new ZmqMultipartMessage();
        for (ulong job = 1; job <= (ulong)count; job++)
        {
            dealer.SendMultipart(Frames(Heartbeat, job, $$"""{"running_jobs":[{{job}}],"free_slots":1,"sent_at_unix_ms":0}"""));
        }
        for (ulong job = 1; job <= (ulong)count; job++)
        {
            dealer.Receive(message);
            using var meta = JsonDocument.Parse(Expect(message, 0, Accept, job));
            Assert.Equal(1, meta.RootElement.GetProperty("attempt").GetInt32());
        }
        dealer.SendMultipart(Frames(Bye, 0, """{"reason":"done"}"""));
        dealer.Receive(message);
        Expect(message, 0, Bye, 0);
    }

    private static void Reply(ZmqSocket router, ReadOnlySpan<byte> peer, byte opcode, ulong job, string meta)
    {
        var frames = Frames(opcode, job, meta);
        router.Send(peer, more: true);
        router.Send(frames[0].Span, more: true);
        router.Send(frames[1].Span);
    }

    private static ReadOnlyMemory<byte>[] Frames(byte opcode, ulong job, string metaJson)
    {
        var meta = Encoding.UTF8.GetBytes(metaJson);
        var header = new byte[16];
        header[0] = 1;
        header[1] = opcode;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)meta.Length);
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), job);
        return [header, meta];
    }

    private static string Expect(ZmqMultipartMessage message, int first, byte opcode, ulong job)
    {
        Assert.Equal(first + 2, message.Count);
        var header = message[first].Span;
        var meta = message[first + 1].Span;
        Assert.Equal(16, header.Length);
        Assert.Equal(1, header[0]);
        Assert.Equal(opcode, header[1]);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(header[2..]));
        Assert.Equal((uint)meta.Length, BinaryPrimitives.ReadUInt32BigEndian(header[4..]));
        Assert.Equal(job, BinaryPrimitives.ReadUInt64BigEndian(header[8..]));
        return Encoding.UTF8.GetString(meta);
    }
}
