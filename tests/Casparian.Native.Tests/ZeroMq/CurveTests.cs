using System.Text;
using Casparian.Native.ZeroMq;

namespace Casparian.Native.Tests.ZeroMq;

public sealed class CurveTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ZmqContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void With_the_right_server_key_messages_flow_both_ways()
    {
        var server = ZmqCurveKeyPair.Generate();
        var client = ZmqCurveKeyPair.Generate();
        using var router = CurveRouter(server);
        using var monitor = router.Monitor(ZmqSocketEvents.HandshakeSucceeded | ZmqSocketEvents.HandshakeFailed);
        using var dealer = CurveDealer(client, server.PublicKey, router.LastEndpoint);
        using var message = new ZmqMultipartMessage();

        dealer.Send("sealed"u8);
        router.Receive(message);
        Assert.Equal("sealed", Encoding.UTF8.GetString(message[1].Span));
        router.Send(message[0].Span, more: true);
        router.Send("reply"u8);
        dealer.Receive(message);

        Assert.Equal("reply", Encoding.UTF8.GetString(message[0].Span));
        Assert.True(monitor.TryWaitFor(ZmqSocketEvents.HandshakeSucceeded, Deadline, out _));
    }

    [Fact]
    public void With_a_wrong_server_key_nothing_is_delivered_and_the_server_monitor_reports_the_handshake_failure()
    {
        var server = ZmqCurveKeyPair.Generate();
        var impostor = ZmqCurveKeyPair.Generate();
        var client = ZmqCurveKeyPair.Generate();
        using var router = CurveRouter(server);
        using var monitor = router.Monitor(ZmqSocketEvents.HandshakeSucceeded | ZmqSocketEvents.HandshakeFailed);
        using var dealer = CurveDealer(client, impostor.PublicKey, router.LastEndpoint);
        using var message = new ZmqMultipartMessage();

        dealer.Send("must not arrive"u8);

        Assert.True(monitor.TryWaitFor(ZmqSocketEvents.HandshakeFailed | ZmqSocketEvents.HandshakeSucceeded, Deadline, out var handshake));
        Assert.NotEqual(ZmqSocketEvents.HandshakeSucceeded, handshake.Event);
        Assert.True((handshake.Event & ZmqSocketEvents.HandshakeFailed) != 0, handshake.ToString());
        Assert.False(router.TryReceive(message));
    }

    [Fact]
    public void Generated_public_keys_belong_to_their_secret_keys_according_to_libsodium_via_python_nacl()
    {
        var pair = ZmqCurveKeyPair.Generate();
        var secretHex = Convert.ToHexStringLower(Z85.Decode(pair.SecretKey));

        var derived = PeerProcess.RunToCompletion(
            "-c", "import sys, nacl.public; print(nacl.public.PrivateKey(bytes.fromhex(sys.argv[1])).public_key.encode().hex())", secretHex);

        Assert.Equal(Convert.ToHexStringLower(Z85.Decode(pair.PublicKey)), derived.Trim());
    }

    [Fact]
    public void Z85_matches_pyzmq_and_the_rfc_example()
    {
        // ZeroMQ RFC 32 test vector.
        byte[] rfc = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];
        Assert.Equal("HelloWorld", Z85.Encode(rfc));
        Assert.Equal(rfc, Z85.Decode("HelloWorld"));

        var data = new byte[32];
        new Random(7).NextBytes(data);
        var python = PeerProcess.RunToCompletion(
            "-c", "import sys, zmq.utils.z85 as z; print(z.encode(bytes.fromhex(sys.argv[1])).decode())", Convert.ToHexStringLower(data));
        Assert.Equal(python.Trim(), Z85.Encode(data));
        Assert.Equal(data, Z85.Decode(python.Trim()));
    }

    [Fact]
    public void Z85_rejects_lengths_it_cannot_encode()
    {
        Assert.Throws<ArgumentException>(() => Z85.Encode(new byte[3]));
        Assert.Throws<ArgumentException>(() => Z85.Decode("abcd"));
    }

    private ZmqSocket CurveRouter(ZmqCurveKeyPair server)
    {
        var router = _context.CreateSocket(ZmqSocketType.Router);
        router.CurveServer = true;
        router.SetCurveSecretKey(server.SecretKey);
        router.ReceiveTimeout = Deadline;
        router.Bind("tcp://127.0.0.1:*");
        return router;
    }

    private ZmqSocket CurveDealer(ZmqCurveKeyPair client, string serverKey, string endpoint)
    {
        var dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.SetCurveServerKey(serverKey);
        dealer.SetCurvePublicKey(client.PublicKey);
        dealer.SetCurveSecretKey(client.SecretKey);
        dealer.ReceiveTimeout = Deadline;
        dealer.Connect(endpoint);
        return dealer;
    }
}
