using Casparian.Native.ZeroMq;
using Casparian.Protocol.Messages;
using Casparian.Protocol.Wire;

namespace Casparian.Cli.Commands;

/// <summary>The ZeroMQ part of <c>casparian doctor</c>: the library's version and CURVE, and one framed round trip.</summary>
internal static class DoctorMessagingCheck
{
    public static bool ZeroMq(TextWriter output)
    {
        try
        {
            var keys = ZmqCurveKeyPair.Generate();
            using var context = new ZmqContext();
            using var router = context.CreateSocket(ZmqSocketType.Router);
            router.CurveServer = true;
            router.SetCurveSecretKey(keys.SecretKey);
            router.SetCurvePublicKey(keys.PublicKey);
            router.ReceiveTimeout = TimeSpan.FromSeconds(5);
            router.Bind("tcp://127.0.0.1:*");
            var client = ZmqCurveKeyPair.Generate();
            using var dealer = context.CreateSocket(ZmqSocketType.Dealer);
            dealer.SetCurveServerKey(keys.PublicKey);
            dealer.SetCurvePublicKey(client.PublicKey);
            dealer.SetCurveSecretKey(client.SecretKey);
            dealer.Connect(router.LastEndpoint);
            var frames = MessageWriter.ToFrames(new HeartbeatMessage());
            dealer.SendMultipart(frames[0], frames[1]);
            using var received = new ZmqMultipartMessage();
            router.Receive(received);
            var decoded = MessageCodec.Decode([received[1], received[2]], WireLimits.Default);
            output.WriteLine($"libzmq: ok (v{ZmqLibrary.Version}, CURVE round trip over {router.LastEndpoint}: {decoded.Message.Opcode})");
            return true;
        }
        catch (Exception ex) when (ex is ZmqException or TimeoutException or ProtocolException)
        {
            output.WriteLine($"libzmq: FAILED: {ex.Message}");
            return false;
        }
    }
}
