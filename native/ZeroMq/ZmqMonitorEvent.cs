namespace Casparian.Native.ZeroMq;

/// <summary>One event read from a socket monitor: what happened, its value (see each event) and the endpoint concerned.</summary>
public readonly record struct ZmqMonitorEvent(ZmqSocketEvents Event, uint Value, string Endpoint);
