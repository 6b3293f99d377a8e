using Casparian.Native.ZeroMq;

namespace Casparian.Native.Tests.ZeroMq;

/// <summary>Our binding against python3-zmq peers in another process: an independent implementation of both ends.</summary>
public sealed class PythonInteropTests : IDisposable
{
    private const int Exchanges = 200;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly ZmqContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Our_router_understands_a_python_dealer()
    {
        using var router = _context.CreateSocket(ZmqSocketType.Router);
        router.ReceiveTimeout = Deadline;
        router.SetRouterMandatory(true);
        router.Bind("tcp://127.0.0.1:*");
        using var peer = PeerProcess.StartPython("dealer.py", router.LastEndpoint, $"{Exchanges}");

        peer.RunAlongside(() => FramedExchange.ServeAsRouter(router, Exchanges));

        peer.WaitForSuccess(Deadline);
    }

    [Fact]
    public void A_python_router_understands_our_dealer()
    {
        using var peer = PeerProcess.StartPython("router.py", $"{Exchanges}");
        var endpoint = peer.ReadLine(Deadline);
        using var dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.ReceiveTimeout = Deadline;
        dealer.SendTimeout = Deadline;
        dealer.Connect(endpoint);

        peer.RunAlongside(() => FramedExchange.RunAsDealer(dealer, Exchanges));

        Assert.Equal("ok", peer.ReadLine(Deadline));
        peer.WaitForSuccess(Deadline);
    }
}
