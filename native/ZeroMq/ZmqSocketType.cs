namespace Casparian.Native.ZeroMq;

/// <summary>The socket types this binding uses (values from zmq.h).</summary>
public enum ZmqSocketType
{
    /// <summary>Exclusive pair; used to read a socket monitor's events.</summary>
    Pair = 0,
    /// <summary>Asynchronous client: round-robins outgoing messages, fair-queues incoming ones.</summary>
    Dealer = 5,
    /// <summary>Asynchronous server: prefixes each incoming message with the sender's routing id and routes replies by it.</summary>
    Router = 6,
}
