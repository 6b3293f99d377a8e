using Casparian.Native.ZeroMq;
using Casparian.TestPeer;

// Usage:
//   dealer ENDPOINT COUNT   connect a DEALER, run COUNT framed exchanges, say BYE, wait for the BYE echo
//   router COUNT            bind a ROUTER on tcp://127.0.0.1:*, print the endpoint, answer COUNT requests and the BYE
// Exit code 0 when every exchange checked out; 1 with the reason on stderr otherwise.
try
{
    using var context = new ZmqContext();
    switch (args)
    {
        case ["dealer", var endpoint, var count]:
            FramedExchange.RunDealer(context, endpoint, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
            break;
        case ["router", var count]:
            FramedExchange.RunRouter(context, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), Console.Out);
            break;
        default:
            Console.Error.WriteLine("usage: Casparian.TestPeer dealer ENDPOINT COUNT | router COUNT");
            return 2;
    }
    Console.WriteLine("ok");
    return 0;
}
catch (Exception ex) when (ex is ZmqException or TimeoutException or InvalidDataException)
{
    Console.Error.WriteLine($"test peer failed: {ex.Message}");
    return 1;
}
