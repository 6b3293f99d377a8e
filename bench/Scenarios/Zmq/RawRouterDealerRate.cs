using System.Buffers.Binary;
using System.Diagnostics;
using Casparian.Native.ZeroMq;

namespace Casparian.Bench.Scenarios.Zmq;

/// <summary>
/// The raw pipelined ROUTER/DEALER request rate through our binding, with no protocol logic: a ROUTER thread echoes
/// every message to its sender, a DEALER keeps <see cref="PipelineOptions.InFlight"/> requests outstanding over tcp on
/// 127.0.0.1. Later scenarios (dispatch) compare their rate against this ceiling.
/// </summary>
internal static class RawRouterDealerRate
{
    /// <summary>Runs one measurement and returns the completed round trips.</summary>
    public static PipelineResult Measure(PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InFlight, 1);
        using var context = new ZmqContext();
        using var router = context.CreateSocket(ZmqSocketType.Router);
        router.SendHighWatermark = 0;
        router.ReceiveHighWatermark = 0;
        router.Bind("tcp://127.0.0.1:*");
        var echo = new Thread(() => Echo(router)) { IsBackground = true, Name = "bench-router" };
        echo.Start();

        using var dealer = context.CreateSocket(ZmqSocketType.Dealer);
        dealer.SendHighWatermark = 0;
        dealer.ReceiveHighWatermark = 0;
        dealer.Connect(router.LastEndpoint);
        var header = new byte[16];
        header[0] = 1;
        header[1] = 4;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)options.MetaBytes);
        var meta = new byte[options.MetaBytes];
        meta.AsSpan().Fill((byte)'x');
        using var reply = new ZmqMultipartMessage();

        // One untimed round trip so connection set-up is not measured.
        dealer.SendMultipart(header, meta);
        dealer.Receive(reply);

        var clock = Stopwatch.StartNew();
        long sent = 0, done = 0;
        for (; sent < options.InFlight && sent < options.MaxRequests; sent++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), (ulong)sent);
            dealer.SendMultipart(header, meta);
        }
        while (done < sent)
        {
            dealer.Receive(reply);
            done++;
            if (sent < options.MaxRequests && clock.Elapsed < options.Duration)
            {
                BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), (ulong)sent);
                dealer.SendMultipart(header, meta);
                sent++;
            }
        }
        var elapsed = clock.Elapsed;
        dealer.Send([]);
        echo.Join();
        return new PipelineResult(done, elapsed);
    }

    /// <summary>Sends every message back to its sender until a message with one empty frame arrives.</summary>
    private static void Echo(ZmqSocket router)
    {
        using var message = new ZmqMultipartMessage();
        while (true)
        {
            router.Receive(message);
            if (message.Count == 2 && message[1].IsEmpty)
            {
                return;
            }
            router.SendMultipart(message.Frames);
        }
    }
}
