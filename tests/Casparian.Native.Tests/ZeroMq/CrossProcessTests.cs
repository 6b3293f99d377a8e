using Casparian.Native.ZeroMq;

namespace Casparian.Native.Tests.ZeroMq;

/// <summary>Our binding on both sides, in two OS processes: this test host and Casparian.TestPeer.</summary>
public sealed class CrossProcessTests : IDisposable
{
    private const int Exchanges = 500;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly ZmqContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void A_router_here_and_a_dealer_in_another_process_exchange_framed_messages()
    {
        using var router = _context.CreateSocket(ZmqSocketType.Router);
        router.ReceiveTimeout = Deadline;
        router.SetRouterMandatory(true);
        router.Bind("tcp://127.0.0.1:*");
        using var peer = PeerProcess.StartTestPeer("dealer", router.LastEndpoint, $"{Exchanges}");

        peer.RunAlongside(() => FramedExchange.ServeAsRouter(router, Exchanges));

        Assert.Equal("ok", peer.ReadLine(Deadline));
        peer.WaitForSuccess(Deadline);
    }

    [Fact]
    public void A_router_in_another_process_and_a_dealer_here_exchange_framed_messages()
    {
        using var peer = PeerProcess.StartTestPeer("router", $"{Exchanges}");
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
